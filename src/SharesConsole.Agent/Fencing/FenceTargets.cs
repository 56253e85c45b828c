namespace SharesConsole.Agent.Fencing;

/// <summary>What the watchdog kills when the lease runs out: pid files of processes and systemd units.</summary>
public sealed record FenceTargets
{
    public IReadOnlyList<string> PidFiles { get; init; } = [];

    public IReadOnlyList<string> Units { get; init; } = [];

    public bool IsEmpty => PidFiles.Count == 0 && Units.Count == 0;
}
