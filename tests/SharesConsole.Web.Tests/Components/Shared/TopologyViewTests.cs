using Bunit;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Lab;
using SharesConsole.Tests.Common;
using SharesConsole.Web.Components.Shared;

namespace SharesConsole.Web.Tests.Components.Shared;

public sealed class TopologyViewTests : BunitTestBase
{
    [Fact]
    public void Render_HealthyRedirectAll_ShowsVipAndBothNodesGreenWithRoles()
    {
        var view = Context.Render<TopologyView>(p => p.Add(x => x.State, TestStates.Build()));

        Assert.Equal("RedirectAll", view.Find("[data-testid=topology]").GetAttribute("data-architecture"));
        Assert.Contains("VIP 127.0.0.20", view.Find("[data-testid=topology-vip]").TextContent, StringComparison.Ordinal);
        Assert.Contains("ssh :33001/tcp", view.Find("[data-testid=topology-vip]").TextContent, StringComparison.Ordinal);
        Assert.Empty(view.FindAll("[data-testid=topology-dns]"));
        var a = view.Find("[data-node=node-a][data-testid=topology-node]");
        var b = view.Find("[data-node=node-b][data-testid=topology-node]");
        Assert.Equal("active", a.GetAttribute("data-role"));
        Assert.Equal("passive", b.GetAttribute("data-role"));
        Assert.Equal("Healthy", a.GetAttribute("data-verdict"));
        Assert.Contains("sc-v-healthy", b.ClassList);
    }

    [Fact]
    public void Render_TransferPathKnown_ShownInTheVipBox_OtherwiseNot()
    {
        var known = Context.Render<TopologyView>(p => p.Add(x => x.State, TestStates.Build()).Add(x => x.TransferPath, "in the kernel (nftables)"));
        var unknown = Context.Render<TopologyView>(p => p.Add(x => x.State, TestStates.Build()));

        Assert.Equal("transfers in the kernel (nftables)", known.Find("[data-testid=transfer-path]").TextContent);
        Assert.Empty(unknown.FindAll("[data-testid=transfer-path]"));
    }

    [Fact]
    public void Render_Healthy_ActivePassiveServicesOnlyOnActiveNode()
    {
        var view = Context.Render<TopologyView>(p => p.Add(x => x.State, TestStates.Build()));

        Assert.Single(view.FindAll("[data-node=node-a] li[data-service=mysqld]"));
        Assert.Empty(view.FindAll("[data-node=node-b] li[data-service=mysqld]"));
        Assert.Equal("Running", view.Find("[data-node=node-b] li[data-service=nginx]").GetAttribute("data-observed"));
    }

    [Fact]
    public void Render_NodeDown_NodeIsRed()
    {
        var view = Context.Render<TopologyView>(p => p.Add(x => x.State, TestStates.Build(down: ["node-a"])));

        var a = view.Find("[data-node=node-a][data-testid=topology-node]");
        Assert.Equal("Down", a.GetAttribute("data-verdict"));
        Assert.Contains("sc-v-down", a.ClassList);
    }

    [Fact]
    public void Render_NodeDownWithStaleReport_ServicesShownUnknownWithLastReportInTooltip()
    {
        var healthy = TestStates.Build();
        var state = healthy with
        {
            Nodes = [.. healthy.Nodes.Select(n => n.Name == "node-a" ? n with { Verdict = NodeVerdict.Down } : n)],
        };

        var view = Context.Render<TopologyView>(p => p.Add(x => x.State, state));

        var nginx = view.Find("[data-node=node-a] li[data-service=nginx]");
        Assert.Equal("Unknown", nginx.GetAttribute("data-observed"));
        Assert.Contains("last report: running", nginx.GetAttribute("title"), StringComparison.Ordinal);
        Assert.Equal("Running", view.Find("[data-node=node-b] li[data-service=nginx]").GetAttribute("data-observed"));
    }

    [Fact]
    public void Render_WebOnly_ShowsDnsNameTtlAndHealthyUndrainedAnswers()
    {
        var topology = LabDefaults.Topology with
        {
            Settings = LabDefaults.Settings with { Architecture = ArchitectureType.WebOnly, DnsTtl = TimeSpan.FromSeconds(7) },
        };
        var view = Context.Render<TopologyView>(p => p.Add(x => x.State, TestStates.Build(topology: topology, down: ["node-a"])));

        var dns = view.Find("[data-testid=topology-dns]");
        Assert.Contains("transfer.shares.test", dns.TextContent, StringComparison.Ordinal);
        Assert.Contains("TTL 7 s", dns.TextContent, StringComparison.Ordinal);
        var answers = view.FindAll("[data-testid=dns-answer]");
        Assert.Single(answers);
        Assert.Equal("node-b", answers[0].GetAttribute("data-node"));
        Assert.DoesNotContain("ssh :", view.Find("[data-testid=topology-vip]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WebOnlyAllDrained_SaysNoAnswer()
    {
        var topology = LabDefaults.Topology with
        {
            Settings = LabDefaults.Settings with { Architecture = ArchitectureType.WebOnly },
            Nodes = [.. LabDefaults.Topology.Nodes.Select(n => n with { Intent = OperatorIntent.Drained })],
        };
        var view = Context.Render<TopologyView>(p => p.Add(x => x.State, TestStates.Build(topology: topology)));

        Assert.Single(view.FindAll("[data-testid=dns-empty]"));
        Assert.Equal("Draining", view.Find("[data-node=node-b][data-testid=topology-node]").GetAttribute("data-verdict"));
    }
}
