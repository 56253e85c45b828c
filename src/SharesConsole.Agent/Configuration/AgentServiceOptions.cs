using SharesConsole.Core.Catalog;

namespace SharesConsole.Agent.Configuration;

/// <summary>How one service is driven on this node (section <c>Agent:Services:&lt;name&gt;</c>).</summary>
public sealed record AgentServiceOptions
{
    public ServiceDriverKind Driver { get; init; } = ServiceDriverKind.Systemd;

    /// <summary>systemd unit name (driver Systemd).</summary>
    public string? Unit { get; init; }

    /// <summary>Executable (driver Process).</summary>
    public string? Command { get; init; }

    public string[] Arguments { get; init; } = [];

    public string? WorkingDirectory { get; init; }

    public Dictionary<string, string> Environment { get; init; } = [];

    /// <summary>Pid file the service writes itself (daemons); without it the agent tracks the pid it started.</summary>
    public string? PidFile { get; init; }

    /// <summary>stdout and stderr are appended here; without it they go to the agent's own output.</summary>
    public string? LogFile { get; init; }

    /// <summary>Time between SIGTERM and SIGKILL.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Probe port override (and the stand-in's main port for driver Lab).</summary>
    public int? Port { get; init; }

    public int[] ExtraTcpPorts { get; init; } = [];

    public int? UdpPort { get; init; }

    public LabStandInKind StandIn { get; init; } = LabStandInKind.Echo;

    /// <summary>Start this service when the agent starts (lab active/active services).</summary>
    public bool AutoStart { get; init; }

    /// <summary>For services missing from the catalog: how they are placed.</summary>
    public ServiceKind? Kind { get; init; }
}
