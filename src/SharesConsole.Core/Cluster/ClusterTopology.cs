using System.Collections.Immutable;

namespace SharesConsole.Core.Cluster;

/// <summary>
/// The configured shape of the cluster at one instant: settings, nodes with operator intent,
/// the active node and the epoch. Immutable; a change produces a new instance.
/// </summary>
public sealed record ClusterTopology
{
    public required ClusterSettings Settings { get; init; }

    public required ImmutableArray<NodeState> Nodes { get; init; }

    public string? ActiveNode { get; init; }

    public long Epoch { get; init; }

    public NodeState? Find(string name) =>
        Nodes.FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase));
}
