using Bunit;
using SharesConsole.Data.Stores;
using SharesConsole.Tests.Common;
using SharesConsole.Web.Components.Shared;

namespace SharesConsole.Web.Tests.Components.Shared;

public sealed class ControlPlaneCardTests : BunitTestBase
{
    [Fact]
    public void Render_SingleInstance_OneQuietLineAndNoDatabaseReading()
    {
        var card = Context.Render<ControlPlaneCard>();

        Assert.Equal("Single control plane (SQLite/one instance)", card.Find("[data-testid=control-plane-single]").TextContent);
        Assert.Empty(card.FindAll("[data-testid=control-plane]"));
        Assert.Equal(0, Roster.Reads);
    }

    [Fact]
    public void Render_SeveralInstances_LeaderTermLeaseAndEveryInstanceWithRoleAgeAndUrl()
    {
        SeveralInstances(("cp-1", "Leader", 0.3), ("cp-2", "Follower", 0.8));

        var card = Context.Render<ControlPlaneCard>();

        card.WaitForAssertion(() =>
        {
            Assert.Equal("cp-1", card.Find("[data-testid=leader-name]").TextContent);
            Assert.Equal("7", card.Find("[data-testid=leader-term]").TextContent);
            Assert.Equal("90.0 s ago", card.Find("[data-testid=leader-since]").TextContent);
            Assert.Equal("4.2 s", card.Find("[data-testid=lease-remaining]").TextContent);
            Assert.Equal(["Leader", "Follower"], card.FindAll("[data-testid=instance-role]").Select(r => r.GetAttribute("data-role")));
            Assert.Equal(["Leader", "Follower"], card.FindAll("[data-testid=instance-role] .mud-chip").Select(c => c.TextContent.Trim()));
            Assert.Equal(["300 ms ago", "800 ms ago"], card.FindAll("[data-testid=instance-age]").Select(a => a.TextContent));
            Assert.Equal(["http://cp-1:8080", "http://cp-2:8080"], card.FindAll("[data-testid=instance-url]").Select(u => u.TextContent));
            Assert.Single(card.FindAll("[data-testid=this-instance]"));
            Assert.Empty(card.FindAll("[data-testid=control-plane-warning]"));
        });
    }

    [Fact]
    public void Render_InstanceSilentForTwelveSeconds_WarnsByName()
    {
        SeveralInstances(("cp-1", "Leader", 0.2), ("cp-2", "Follower", 12));

        var card = Context.Render<ControlPlaneCard>();

        card.WaitForAssertion(() =>
        {
            Assert.Equal("cp-2 has not announced itself for 12.0 s.", card.Find("[data-testid=control-plane-warning]").TextContent.Trim());
            Assert.Equal(["false", "true"], card.FindAll("[data-testid=instance-age]").Select(a => a.GetAttribute("data-stale")));
        });
    }

    [Fact]
    public void Tick_InstanceFallsSilentBetweenReadings_AgesMoveAndTheWarningAppearsWithoutAnotherReading()
    {
        SeveralInstances(("cp-1", "Leader", 0.2), ("cp-2", "Follower", 4.5));
        var card = Context.Render<ControlPlaneCard>();
        card.WaitForAssertion(() => Assert.Equal("4.5 s ago", card.FindAll("[data-testid=instance-age]")[1].TextContent));
        Assert.Empty(card.FindAll("[data-testid=control-plane-warning]"));

        Time.Advance(TimeSpan.FromSeconds(1));

        card.WaitForAssertion(() =>
        {
            Assert.Equal("5.5 s ago", card.FindAll("[data-testid=instance-age]")[1].TextContent);
            Assert.Equal("3.2 s", card.Find("[data-testid=lease-remaining]").TextContent);
            Assert.Equal("cp-2 has not announced itself for 5.5 s.", card.Find("[data-testid=control-plane-warning]").TextContent.Trim());
        });
        Assert.Equal(1, Roster.Reads);
    }

    [Fact]
    public void Render_LeaseRanOut_NoLeaderWarning()
    {
        SeveralInstances(("cp-1", "Follower", 0.4));
        Leadership.IsLeader = false;
        Roster.Lease = new LeaderLeaseView("cp-2", "http://cp-2:8080", 4, TimeSpan.FromSeconds(-3));

        var card = Context.Render<ControlPlaneCard>();

        card.WaitForAssertion(() =>
        {
            Assert.Equal("none", card.Find("[data-testid=leader-name]").TextContent);
            Assert.Equal("expired", card.Find("[data-testid=lease-remaining]").TextContent);
            Assert.Equal("No leader is known: the lease of cp-2 (term 4) ran out 3.0 s ago.", card.Find("[data-testid=control-plane-warning]").TextContent.Trim());
        });
    }

    private void SeveralInstances(params (string Name, string Role, double AgeSeconds)[] instances)
    {
        Leadership.SingleInstance = false;
        Leadership.Term = 7;
        Leadership.LeaderSince = TestStates.Now.AddSeconds(-90);
        Roster.Lease = new LeaderLeaseView("cp-1", "http://cp-1:8080", 7, TimeSpan.FromSeconds(4.2));
        Roster.Instances = [.. instances.Select(i => new ControlPlaneInstanceView(
            i.Name, $"http://{i.Name}:8080", i.Role, i.Role == "Leader" ? 7 : 0, TimeSpan.FromSeconds(i.AgeSeconds)))];
    }
}
