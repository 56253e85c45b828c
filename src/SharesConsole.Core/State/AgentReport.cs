using System.Collections.Immutable;
using SharesConsole.Core.Agents;

namespace SharesConsole.Core.State;

/// <summary>The latest heartbeat of a node's agent, transport-neutral.</summary>
public sealed record AgentReport
{
    public required string Node { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>
    /// When the report arrived on the receiving process's monotonic clock (<see cref="TimeProvider.GetTimestamp"/>), so
    /// a wall-clock step on the control plane does not age every heartbeat at once; null when unknown.
    /// </summary>
    public long? ReceivedTimestamp { get; init; }

    public bool Connected { get; init; } = true;

    public long Epoch { get; init; }

    public NodeMetrics? Metrics { get; init; }

    public ImmutableArray<ServiceObservation> Services { get; init; } = [];

    /// <summary>The agent process that took <see cref="Services"/> (empty for an agent that does not say).</summary>
    public string Instance { get; init; } = "";

    /// <summary>The agent's snapshot sequence of <see cref="Services"/>; 0 when unknown.</summary>
    public long Sequence { get; init; }

    /// <summary>The last time this agent process stopped its active/passive services on its own (lease ran out), if ever.</summary>
    public FencingReport? LastFencing { get; init; }

    /// <summary>The agent's shared-storage probe; null when it does not probe.</summary>
    public StorageHealth? Storage { get; init; }
}
