using System.Collections.Immutable;
using SharesConsole.Core.Catalog;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Placement;

namespace SharesConsole.Core.State;

/// <summary>
/// The one immutable picture of the cluster that the edge, DNS, console, API and webhooks read:
/// topology and intent, per-node verdicts and observations, desired placement, running operation.
/// </summary>
public sealed record ClusterState
{
    public required long Version { get; init; }

    public required DateTimeOffset At { get; init; }

    public required ClusterTopology Topology { get; init; }

    public required ServiceCatalog Catalog { get; init; }

    public required ImmutableArray<NodeSnapshot> Nodes { get; init; }

    public required PlacementPlan Placement { get; init; }

    public OperationSummary? RunningOperation { get; init; }

    public OperationSummary? LastFailover { get; init; }

    public NodeSnapshot? Find(string name) =>
        Nodes.FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase));

    public NodeSnapshot? Active => Topology.ActiveNode is null ? null : Find(Topology.ActiveNode);
}
