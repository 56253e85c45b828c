using System.Collections.Immutable;
using SharesConsole.Core.Agents;
using SharesConsole.Core.Cluster;

namespace SharesConsole.Core.State;

/// <summary>One node in a <see cref="ClusterState"/>: intent, verdict, heartbeat, probes and services.</summary>
public sealed record NodeSnapshot
{
    public required NodeState Node { get; init; }

    public string Name => Node.Name;

    public required NodeVerdict Verdict { get; init; }

    public bool IsActive { get; init; }

    public bool AgentConnected { get; init; }

    public DateTimeOffset? LastHeartbeat { get; init; }

    /// <summary>Age of the last heartbeat when the snapshot was taken.</summary>
    public TimeSpan? HeartbeatAge { get; init; }

    /// <summary>Edge probe verdicts (after rise/fall).</summary>
    public bool WebUp { get; init; }

    public bool TransferUp { get; init; }

    /// <summary>Highest epoch the node's agent reports having seen.</summary>
    public long AgentEpoch { get; init; }

    public NodeMetrics? Metrics { get; init; }

    /// <summary>The agent's shared-storage probe; null when it does not probe (unknown: never a verdict).</summary>
    public StorageHealth? Storage { get; init; }

    /// <summary>False when the storage probe made the node unfit to host the active/passive group.</summary>
    public bool FitForActive => StorageRules.IsFitForActive(Storage);

    public ImmutableDictionary<string, ServiceObservation> Services { get; init; } =
        ImmutableDictionary.Create<string, ServiceObservation>(StringComparer.OrdinalIgnoreCase);

    public ObservedState StateOf(string service) =>
        Services.TryGetValue(service, out var observation) ? observation.State : ObservedState.Unknown;
}
