namespace SharesConsole.Core.Agents;

/// <summary>
/// The agent's shared-storage probe as of its last run, sent with every heartbeat. Absent from heartbeats of agents that
/// do not probe (older ones, or no shared path configured): the control plane then knows nothing and decides nothing.
/// </summary>
public sealed record StorageHealth
{
    /// <summary>The probed path (the shared mount).</summary>
    public string Path { get; init; } = "";

    /// <summary>The last probe's outcome.</summary>
    public StorageStatus Status { get; init; }

    /// <summary>
    /// False once <see cref="ConsecutiveFailures"/> reached the agent's <c>fall</c>; true again after <c>rise</c> successes.
    /// A node whose storage is unfit must not run the active/passive group.
    /// </summary>
    public bool FitForActive { get; init; } = true;

    public int ConsecutiveFailures { get; init; }

    /// <summary>Free space is below the warning threshold (the control plane raises an event when this turns true).</summary>
    public bool LowSpace { get; init; }

    /// <summary>Write + fsync + read back + delete of the probe file, when the last probe finished.</summary>
    public double? LatencyMs { get; init; }

    public long? FreeBytes { get; init; }

    public long? TotalBytes { get; init; }

    /// <summary>The last failure's description (kept after a recovery, with <see cref="LastErrorAt"/>).</summary>
    public string? LastError { get; init; }

    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>
    /// The disk heartbeat (the node's slot on the shared storage, through which a poison pill can reach it): null when
    /// the agent runs none, true while its slot is written every interval, false when it is failing or stuck.
    /// </summary>
    public bool? DiskHeartbeatOk { get; init; }

    /// <summary>Why the disk heartbeat is failing, when it is.</summary>
    public string? DiskHeartbeatError { get; init; }

    /// <summary>When the last probe finished or timed out (agent clock).</summary>
    public DateTimeOffset? CheckedAt { get; init; }
}
