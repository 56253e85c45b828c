using System.Collections.Immutable;
using SharesConsole.Core.Cluster;

namespace SharesConsole.Edge.Pools;

/// <summary>The pools at one instant, derived from topology, health and operator intent.</summary>
public sealed record PoolSnapshot(ClusterTopology Topology, ImmutableArray<WebDestination> Web, TransferPool Transfer);
