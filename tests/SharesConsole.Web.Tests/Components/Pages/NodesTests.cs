using Bunit;
using SharesConsole.Web.Components.Pages;

namespace SharesConsole.Web.Tests.Components.Pages;

public sealed class NodesTests : BunitTestBase
{
    [Fact]
    public void Render_LabCluster_ListsBothNodesWithRoles()
    {
        var page = Context.Render<Nodes>();

        var rows = page.FindAll("[data-testid=nodes-table] tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("node-a", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("active", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("127.0.0.22", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("passive", rows[1].TextContent, StringComparison.Ordinal);
    }
}
