using SharesConsole.Core.Catalog;
using SharesConsole.Core.Cluster;

namespace SharesConsole.Data.Stores;

/// <summary>The topology and catalog as stored; <see cref="Version"/> changes with every settings or active-node write.</summary>
public sealed record StoredCluster(ClusterTopology Topology, ServiceCatalog Catalog, long Version);
