namespace SharesConsole.Core.Agents;

/// <summary>Sent by a node agent every heartbeat interval.</summary>
public sealed record Heartbeat
{
    public string Node { get; init; } = "";

    public DateTimeOffset SentAt { get; init; }

    public string AgentVersion { get; init; } = "";

    /// <summary>The highest cluster epoch this agent has seen (persisted on the node).</summary>
    public long HighestEpoch { get; init; }

    /// <summary>The agent holds a valid active lease and may run the active/passive services.</summary>
    public bool IsActiveLeaseHeld { get; init; }

    /// <summary>Self-fencing is configured on; when false the node will not stop itself.</summary>
    public bool SelfFencingEnabled { get; init; } = true;

    public IReadOnlyList<ServiceStatus> Services { get; init; } = [];

    /// <summary>This agent process (a new value after every restart); sequences compare only within one instance.</summary>
    public string Instance { get; init; } = "";

    /// <summary>
    /// Grows with every snapshot of the services the agent takes, heartbeats and command replies alike: a heartbeat
    /// built before a reply the control plane already applied says less than that reply and is not read as news.
    /// </summary>
    public long Sequence { get; init; }

    public NodeMetrics Metrics { get; init; } = new();

    /// <summary>The last self-fencing this agent performed since it started, if any.</summary>
    public FencingReport? LastFencing { get; init; }

    /// <summary>The shared-storage probe; null when the agent does not probe (unknown, never a verdict).</summary>
    public StorageHealth? Storage { get; init; }
}
