using SharesConsole.Core.Catalog;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Placement;

namespace SharesConsole.Core.Tests.Placement;

public sealed class PlacementPlannerTests
{
    private static readonly ServiceCatalog Catalog = ServiceCatalog.Default;

    private static NodeCondition[] Nodes(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new NodeCondition($"node-{(char)('a' + i)}", NodeVerdict.Healthy))];

    private static string[] RunningOn(PlacementPlan plan, string node) =>
        [.. plan.ForNode(node).Where(p => p.Desired == DesiredState.Running).Select(p => p.Service)];

    [Fact]
    public void Compute_OneNode_RunsEverythingThere()
    {
        var plan = PlacementPlanner.Compute(Catalog, Nodes(1), "node-a");

        Assert.Equal(Catalog.Services.Select(s => s.Name), RunningOn(plan, "node-a"));
        Assert.False(plan.ActiveUnavailable);
    }

    [Fact]
    public void Compute_TwoNodes_ActivePassiveOnActiveOnly()
    {
        var plan = PlacementPlanner.Compute(Catalog, Nodes(2), "node-b");

        Assert.Equal(DesiredState.Running, plan["mysqld", "node-b"]);
        Assert.Equal(DesiredState.Stopped, plan["mysqld", "node-a"]);
        Assert.Equal(DesiredState.Running, plan["nginx", "node-a"]);
        Assert.Equal(DesiredState.Running, plan["NGINX", "NODE-B"]);
        Assert.Equal(14, plan.Entries.Length);
    }

    [Fact]
    public void Compute_FiveNodes_ExactlyOneNodeRunsEachActivePassiveService()
    {
        var plan = PlacementPlanner.Compute(Catalog, Nodes(5), "node-c");

        foreach (var service in Catalog.ActivePassiveStartOrder)
        {
            var hosts = plan.Entries.Where(e => e.Service == service.Name && e.Desired == DesiredState.Running).Select(e => e.Node);
            Assert.Equal(["node-c"], hosts);
        }

        Assert.All(Nodes(5), n => Assert.Equal(DesiredState.Running, plan["asperanoded", n.Name]));
    }

    [Fact]
    public void Compute_ActiveNodeDown_NoActivePassiveAnywhereAndFlagged()
    {
        NodeCondition[] nodes = [new("node-a", NodeVerdict.Down), new("node-b", NodeVerdict.Healthy)];

        var plan = PlacementPlanner.Compute(Catalog, nodes, "node-a");

        Assert.True(plan.ActiveUnavailable);
        Assert.DoesNotContain(plan.Entries, e => e.Desired == DesiredState.Running && Catalog.Find(e.Service)!.Kind == ServiceKind.ActivePassive);
        Assert.Equal(DesiredState.Stopped, plan["nginx", "node-a"]);
        Assert.Equal(DesiredState.Running, plan["nginx", "node-b"]);
    }

    [Fact]
    public void Compute_DrainingActiveNode_KeepsServicesRunning()
    {
        NodeCondition[] nodes = [new("node-a", NodeVerdict.Draining), new("node-b", NodeVerdict.Healthy)];

        var plan = PlacementPlanner.Compute(Catalog, nodes, "node-a");

        Assert.False(plan.ActiveUnavailable);
        Assert.Equal(Catalog.Services.Select(s => s.Name), RunningOn(plan, "node-a"));
    }

    [Fact]
    public void Compute_MaintenanceAndFenced_AreUnmanagedAndStopped()
    {
        NodeCondition[] nodes = [new("node-a", NodeVerdict.Healthy), new("node-b", NodeVerdict.Maintenance), new("node-c", NodeVerdict.Fenced)];

        var plan = PlacementPlanner.Compute(Catalog, nodes, "node-a");

        Assert.All(plan.ForNode("node-b"), e => Assert.Equal(DesiredState.Unmanaged, e.Desired));
        Assert.All(plan.ForNode("node-c"), e => Assert.Equal(DesiredState.Stopped, e.Desired));
    }

    [Fact]
    public void Compute_NoActiveNode_ActivePassiveNowhere()
    {
        var plan = PlacementPlanner.Compute(Catalog, Nodes(2), activeNode: null);

        Assert.True(plan.ActiveUnavailable);
        Assert.Equal(["nginx", "asperahttpd", "asperanoded"], RunningOn(plan, "node-a"));
    }

    [Fact]
    public void Compute_DuplicateNodeNames_ThrowsNamingTheNode()
    {
        NodeCondition[] nodes = [new("node-a", NodeVerdict.Healthy), new("NODE-A", NodeVerdict.Healthy)];

        var error = Assert.Throws<PlacementException>(() => PlacementPlanner.Compute(Catalog, nodes, "node-a"));

        Assert.Contains("'node-a' appears 2 times", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_UnknownActiveNode_ThrowsListingTheNodes()
    {
        var error = Assert.Throws<PlacementException>(() => PlacementPlanner.Compute(Catalog, Nodes(2), "node-z"));

        Assert.Contains("'node-z' is not one of the cluster's nodes (node-a, node-b)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_NoNodes_Throws()
    {
        var error = Assert.Throws<PlacementException>(() => PlacementPlanner.Compute(Catalog, [], null));

        Assert.Contains("at least one node", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Indexer_UnknownPair_ThrowsKeyNotFound()
    {
        var plan = PlacementPlanner.Compute(Catalog, Nodes(1), "node-a");

        Assert.Throws<KeyNotFoundException>(() => plan["nope", "node-a"]);
    }
}
