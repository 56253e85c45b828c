using Bunit;
using SharesConsole.Core.Lab;
using SharesConsole.Tests.Common;
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
    public void Render_LabCluster_DesiredAndObservedStatesPerNodeWithCrondNote()
    {
        var page = Context.Render<Services>();

        var mysqlA = page.Find("tr[data-service=mysqld] td[data-node=node-a]");
        Assert.Equal("Running", mysqlA.GetAttribute("data-state"));
        Assert.Equal("Running", mysqlA.GetAttribute("data-observed"));
        Assert.Equal("Stopped", page.Find("tr[data-service=mysqld] td[data-node=node-b]").GetAttribute("data-state"));
        Assert.Equal("Running", page.Find("tr[data-service=nginx] td[data-node=node-b]").GetAttribute("data-state"));
        Assert.Contains("active/passive", page.Find("tr[data-service=crond]").TextContent, StringComparison.Ordinal);
        Assert.Contains("crond:", page.Find("[data-testid=catalog-notes]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void PublishState_ActiveNodeMoves_TableFollowsWithoutReload()
    {
        var page = Context.Render<Services>();

        State.Publish(TestStates.Build(version: 2, topology: LabDefaults.Topology with { ActiveNode = "node-b", Epoch = 2 }, down: ["node-a"]));

        page.WaitForAssertion(() =>
        {
            Assert.Equal("Unknown", page.Find("tr[data-service=mysqld] td[data-node=node-a]").GetAttribute("data-observed"));
            Assert.Equal("Running", page.Find("tr[data-service=mysqld] td[data-node=node-b]").GetAttribute("data-state"));
        });
    }

    [Fact]
    public void SelectService_WithHistory_DetailShowsProbeHistoryPerNode()
    {
        Probes.Record(State.Current);
        var dialogs = RenderDialogs();
        var page = Context.Render<Services>();

        page.Find("[data-testid=service-link-asperanoded]").Click();

        dialogs.WaitForAssertion(() =>
        {
            var history = dialogs.Find("[data-testid=probe-history][data-node=node-b]");
            Assert.Single(history.QuerySelectorAll("tbody tr"));
            Assert.Contains("1.5 ms", history.TextContent, StringComparison.Ordinal);
            Assert.Contains("/ping", dialogs.Find("[data-testid=service-detail]").TextContent, StringComparison.Ordinal);
        });
    }
}
