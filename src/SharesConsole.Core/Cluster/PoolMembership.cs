namespace SharesConsole.Core.Cluster;

/// <summary>Membership in a pool is probe health combined with operator intent.</summary>
public static class PoolMembership
{
    /// <summary>May the node receive new traffic in <paramref name="pool"/>?</summary>
    public static bool AcceptsNewTraffic(NodeState node, PoolKind pool, INodeHealthSource health)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(health);
        return !node.IsExcluded && !node.IsDrained && health.IsUp(node.Name, pool);
    }

    /// <summary>The nodes that may receive new traffic, in topology order.</summary>
    public static IReadOnlyList<NodeState> Members(ClusterTopology topology, PoolKind pool, INodeHealthSource health)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return [.. topology.Nodes.Where(n => AcceptsNewTraffic(n, pool, health))];
    }
}
