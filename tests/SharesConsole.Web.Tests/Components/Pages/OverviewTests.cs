using Bunit;
using SharesConsole.Core.State;
using SharesConsole.Edge.Counters;
using SharesConsole.Tests.Common;
using SharesConsole.Web.Components.Pages;

namespace SharesConsole.Web.Tests.Components.Pages;

public sealed class OverviewTests : BunitTestBase
{
    [Fact]
    public void Render_Healthy_ShowsBothNodesNoBannerAndNoFailoverYet()
    {
        var page = Context.Render<Overview>();

        Assert.Equal(2, page.FindAll("[data-testid=topology-node]").Count);
        Assert.Empty(page.FindAll("[data-testid=operation-banner]"));
        Assert.Equal("node-a", page.Find("[data-testid=active-node]").TextContent);
        Assert.Contains("none", page.Find("[data-testid=kpi-last-failover]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void PublishState_FailoverRunsThenEnds_BannerWithStepThenNewActiveWithoutReload()
    {
        var page = Context.Render<Overview>();

        State.Publish(TestStates.Build(version: 2, down: ["node-a"], running: TestStates.Failover(OperationStatus.Running, "start mysqld on node-b")));
        page.WaitForAssertion(() =>
        {
            Assert.Equal("start mysqld on node-b", page.Find("[data-testid=operation-step]").TextContent);
            Assert.Equal("Down", page.Find("[data-node=node-a][data-testid=topology-node]").GetAttribute("data-verdict"));
        });

        var after = Core.Lab.LabDefaults.Topology with { ActiveNode = "node-b", Epoch = 2 };
        State.Publish(TestStates.Build(version: 3, topology: after, down: ["node-a"], lastFailover: TestStates.Failover(OperationStatus.Succeeded, null)));
        page.WaitForAssertion(() =>
        {
            Assert.Empty(page.FindAll("[data-testid=operation-banner]"));
            Assert.Equal("node-b", page.Find("[data-testid=active-node]").TextContent);
            Assert.Equal("active", page.Find("[data-node=node-b][data-testid=topology-node]").GetAttribute("data-role"));
            Assert.Contains("4.0 s", page.Find("[data-testid=kpi-last-failover]").TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void TrafficTick_EdgeCarriedRequests_KeyNumbersFollow()
    {
        var page = Context.Render<Overview>();
        var web = Edge.Counters.For("node-a", EdgeProtocol.Web);
        var ssh = Edge.Counters.For("node-b", EdgeProtocol.Ssh);
        Traffic.Tick();

        for (var i = 0; i < 10; i++)
        {
            web.Started();
            web.Finished();
        }

        web.Out(125_000_000);
        ssh.Started();
        Time.Advance(TimeSpan.FromSeconds(1));
        Traffic.Tick();

        page.WaitForAssertion(() =>
        {
            Assert.Equal("10", page.Find("[data-testid=kpi-requests] .mud-typography-h5").TextContent);
            Assert.Contains("1.000 Gbit/s", page.Find("[data-testid=kpi-throughput]").TextContent, StringComparison.Ordinal);
            Assert.Contains("1", page.Find("[data-testid=kpi-sessions] .mud-typography-h5").TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Render_SingleInstance_OneControlPlaneLine_SeveralInstances_TheCard()
    {
        var single = Context.Render<Overview>();
        Assert.Contains("Single control plane", single.Find("[data-testid=control-plane-single]").TextContent, StringComparison.Ordinal);
        Assert.Empty(single.FindAll("[data-testid=control-plane]"));

        Leadership.SingleInstance = false;
        Roster.Lease = new Data.Stores.LeaderLeaseView("cp-1", "http://cp-1:8080", 3, TimeSpan.FromSeconds(4));
        var several = Context.Render<Overview>();

        several.WaitForAssertion(() => Assert.Equal("cp-1", several.Find("[data-testid=control-plane] [data-testid=leader-name]").TextContent));
        Assert.Empty(several.FindAll("[data-testid=control-plane-single]"));
    }
}
