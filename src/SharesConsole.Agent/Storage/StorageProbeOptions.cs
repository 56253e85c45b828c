namespace SharesConsole.Agent.Storage;

/// <summary>The shared-storage probe (section <c>Agent:Storage</c>); it probes <c>Agent:SharedStoragePath</c>.</summary>
public sealed record StorageProbeOptions
{
    /// <summary>Probe when a shared path is configured. On by default.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The shared path must be a mount point (listed in /proc/self/mountinfo); otherwise the probe fails as NoMount.</summary>
    public bool RequireMountPoint { get; init; }

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A probe not done by then counts as failed (Timeout); at most <see cref="Interval"/>.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Failed probes in a row that make the node unfit for active.</summary>
    public int Fall { get; init; } = 3;

    /// <summary>Good probes in a row that make an unfit node fit again.</summary>
    public int Rise { get; init; } = 2;

    /// <summary>Free space below this is reported as low (an event on the control plane); 0 turns the warning off.</summary>
    public long WarningFreeBytes { get; init; } = 1L << 30;

    /// <summary>Free space below this fails the probe (the node becomes unfit after <see cref="Fall"/>); 0 turns it off.</summary>
    public long CriticalFreeBytes { get; init; } = 100L << 20;
}
