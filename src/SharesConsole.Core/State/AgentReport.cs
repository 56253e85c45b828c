using System.Collections.Immutable;

namespace SharesConsole.Core.State;

/// <summary>The latest heartbeat of a node's agent, transport-neutral.</summary>
public sealed record AgentReport
{
    public required string Node { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public bool Connected { get; init; } = true;

    public long Epoch { get; init; }

    public NodeMetrics? Metrics { get; init; }

    public ImmutableArray<ServiceObservation> Services { get; init; } = [];
}
