using Bunit;
using SharesConsole.Core.Cluster;
using SharesConsole.Web.Components.Pages;

namespace SharesConsole.Web.Tests.Components.Pages;

public sealed class ServicesTests : BunitTestBase
{
    [Fact]
    public void Render_LabCluster_ShowsGuideTableWithOneColumnPerNode()
    {
        var page = Context.Render<Services>();

        var headers = page.FindAll("[data-testid=placement-table] thead th").Select(h => h.TextContent.Trim()).ToArray();
        Assert.Equal("Service", headers[0]);
        Assert.Equal("Type", headers[1]);
        Assert.Equal("Location", headers[2]);
        Assert.StartsWith("node-a", headers[3], StringComparison.Ordinal);
        Assert.Contains("active", headers[3], StringComparison.Ordinal);
        Assert.Equal("node-b", headers[4]);
        Assert.Equal(7, page.FindAll("[data-testid=placement-table] tbody tr").Count);
    }

    [Fact]
    public void Render_LabCluster_ActivePassiveRunsOnActiveNodeOnly()
    {
        var page = Context.Render<Services>();

        Assert.Equal("Running", page.Find("tr[data-service=mysqld] td[data-node=node-a]").GetAttribute("data-state"));
        Assert.Equal("Stopped", page.Find("tr[data-service=mysqld] td[data-node=node-b]").GetAttribute("data-state"));
        Assert.Equal("Running", page.Find("tr[data-service=nginx] td[data-node=node-b]").GetAttribute("data-state"));
        Assert.Contains("active/passive", page.Find("tr[data-service=crond]").TextContent, StringComparison.Ordinal);
        Assert.Contains("crond:", page.Find("[data-testid=catalog-notes]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void TopologyChange_ActiveNodeMoves_TableFollowsWithoutReload()
    {
        var page = Context.Render<Services>();

        Topology.Update(t => t with { ActiveNode = "node-b", Epoch = t.Epoch + 1 });

        page.WaitForAssertion(() =>
        {
            Assert.Equal("Stopped", page.Find("tr[data-service=mysqld] td[data-node=node-a]").GetAttribute("data-state"));
            Assert.Equal("Running", page.Find("tr[data-service=mysqld] td[data-node=node-b]").GetAttribute("data-state"));
        });
    }

    [Fact]
    public void Render_NodeInMaintenance_ShowsUnmanaged()
    {
        Topology.Update(t => t with { Nodes = t.Nodes.SetItem(1, t.Nodes[1] with { Intent = OperatorIntent.Maintenance }) });
        var page = Context.Render<SharesConsole.Web.Components.Shared.PlacementTable>(p => p
            .Add(x => x.Catalog, Catalog.Current)
            .Add(x => x.Topology, Topology.Current)
            .Add(x => x.Verdicts, new Dictionary<string, NodeVerdict> { ["node-b"] = NodeVerdict.Maintenance }));

        Assert.Equal("Unmanaged", page.Find("tr[data-service=nginx] td[data-node=node-b]").GetAttribute("data-state"));
    }
}
