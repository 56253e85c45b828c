namespace SharesConsole.Agent.Configuration;

public enum ServiceDriverKind
{
    /// <summary><c>systemctl start/stop/is-active</c> on <see cref="AgentServiceOptions.Unit"/>.</summary>
    Systemd,

    /// <summary>A command line the agent starts and supervises itself.</summary>
    Process,

    /// <summary>An in-process stand-in bound to the node's own address (lab mode).</summary>
    Lab,
}
