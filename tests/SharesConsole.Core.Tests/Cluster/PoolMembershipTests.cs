using SharesConsole.Core.Cluster;

namespace SharesConsole.Core.Tests.Cluster;

public sealed class PoolMembershipTests
{
    private sealed class FakeHealth(params string[] downNodes) : INodeHealthSource
    {
        public event EventHandler? Changed { add { } remove { } }

        public bool IsUp(string node, PoolKind pool) => !downNodes.Contains(node);
    }

    [Theory]
    [InlineData(OperatorIntent.None, true)]
    [InlineData(OperatorIntent.Drained, false)]
    [InlineData(OperatorIntent.Maintenance, false)]
    [InlineData(OperatorIntent.Fenced, false)]
    [InlineData(OperatorIntent.Disabled, false)]
    public void AcceptsNewTraffic_HealthyNode_DependsOnIntent(OperatorIntent intent, bool expected)
    {
        var node = InMemoryTopologySourceTests.Topology("node-a").Nodes[0] with { Intent = intent };

        Assert.Equal(expected, PoolMembership.AcceptsNewTraffic(node, PoolKind.Web, new FakeHealth()));
    }

    [Fact]
    public void Members_ExcludesDownAndDrainedNodes()
    {
        var topology = InMemoryTopologySourceTests.Topology("a", "b", "c");
        topology = topology with { Nodes = topology.Nodes.SetItem(2, topology.Nodes[2] with { Intent = OperatorIntent.Drained }) };

        var members = PoolMembership.Members(topology, PoolKind.Transfer, new FakeHealth("a"));

        Assert.Equal(["b"], members.Select(m => m.Name));
    }
}
