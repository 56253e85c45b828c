using SharesConsole.Agent.Storage;

namespace SharesConsole.Agent.Configuration;

/// <summary>Node agent configuration (section <c>Agent</c>).</summary>
public sealed record AgentOptions
{
    public const string SectionName = "Agent";

    public string NodeName { get; init; } = "";

    /// <summary>The node's own address: probes target it, lab stand-ins bind to it.</summary>
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>Base URL of the control plane; the agent connects to <c>/hubs/agents</c> below it.</summary>
    public string ControlPlaneUrl { get; init; } = "";

    /// <summary>
    /// The other control-plane instances (several control planes, one leader): when the one connected to goes away the
    /// agent tries the next, starting with <see cref="ControlPlaneUrl"/>. Every instance serves it (followers forward to
    /// the leader).
    /// </summary>
    public IReadOnlyList<string> ControlPlaneUrls { get; init; } = [];

    /// <summary><see cref="ControlPlaneUrl"/> and then <see cref="ControlPlaneUrls"/>, without repeats.</summary>
    public IReadOnlyList<string> AllControlPlaneUrls =>
        [.. new[] { ControlPlaneUrl }.Concat(ControlPlaneUrls).Where(u => !string.IsNullOrWhiteSpace(u)).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>
    /// Connect to the control plane from <see cref="Address"/> (hosts with several addresses). The agent then uses
    /// Server-Sent Events, whose requests go through a handler bound to that address. Off by default.
    /// </summary>
    public bool BindToAddress { get; init; }

    /// <summary>Per-node token issued at enrolment.</summary>
    public string Token { get; init; } = "";

    /// <summary>Where the highest epoch and tracked pids are kept.</summary>
    public string StateDirectory { get; init; } = "/var/lib/sharesconsole-agent";

    /// <summary>Used when an ack does not carry a lease duration.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest step up of the cluster epoch accepted at once (acks and commands); more is refused and logged.</summary>
    public long MaxEpochJump { get; init; } = 1000;

    public bool SelfFencing { get; init; } = true;

    /// <summary>
    /// The executable runs a watchdog process that SIGKILLs the active/passive services when the lease file
    /// it renews on every ack is older than the lease plus <see cref="WatchdogSlack"/>, even if the agent hangs.
    /// </summary>
    public bool Watchdog { get; init; } = true;

    public TimeSpan WatchdogSlack { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The shared storage mount: probed (see <see cref="Storage"/>) and its free space reported; none when empty.</summary>
    public string? SharedStoragePath { get; init; }

    /// <summary>The shared-storage probe (section <c>Agent:Storage</c>).</summary>
    public StorageProbeOptions Storage { get; init; } = new();

    /// <summary>Directory shared by all lab nodes, holding the active/passive lock files.</summary>
    public string? LabDirectory { get; init; }

    public string SystemctlPath { get; init; } = "systemctl";

    /// <summary>
    /// systemd's runtime unit directory: while the agent manages an active/passive unit it holds it to <c>Restart=no</c>
    /// with a drop-in under <c>&lt;unit&gt;.d/</c> here, so a fenced unit does not restart itself.
    /// </summary>
    public string SystemdUnitDirectory { get; init; } = "/run/systemd/system";

    /// <summary>
    /// A lab node: without configured services it runs the lab stand-ins of the seven services
    /// (<see cref="Lab.LabAgentOptions.Services"/>) and probes them as the lab catalog says.
    /// </summary>
    public bool Lab { get; init; }

    /// <summary>
    /// When set, a watchdog process kills this whole agent (and so its in-process lab stand-ins, which the lease
    /// <see cref="Watchdog"/> cannot reach) once the agent has not petted it for this long: a hung lab node really
    /// stops within its lease, as a node reset by SBD would. Off by default.
    /// </summary>
    public TimeSpan? LabWatchdog { get; init; }

    /// <summary>The disk heartbeat and poison-pill channel on the shared storage (<see cref="DiskHeartbeatOptions"/>).</summary>
    public DiskHeartbeatOptions DiskHeartbeat { get; init; } = new();

    public Dictionary<string, AgentServiceOptions> Services { get; init; } = new(StringComparer.OrdinalIgnoreCase);
}
