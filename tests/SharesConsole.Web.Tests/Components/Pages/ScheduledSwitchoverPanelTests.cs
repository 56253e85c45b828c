using Bunit;
using SharesConsole.Web.Auth;
using SharesConsole.Web.Components.Pages;

namespace SharesConsole.Web.Tests.Components.Pages;

public sealed class ScheduledSwitchoverPanelTests : BunitTestBase
{
    [Fact]
    public void Render_NothingScheduled_SaysSoAndOffersTheFormToAnOperator()
    {
        var panel = Context.Render<ScheduledSwitchoverPanel>();

        Assert.Single(panel.FindAll("[data-testid=no-scheduled]"));
        Assert.Single(panel.FindAll("[data-testid=schedule-switchover]"));
        Assert.True(panel.Find("[data-testid=schedule-switchover]").HasAttribute("disabled"));
    }

    [Fact]
    public void Render_Viewer_ListsButOffersNoForm()
    {
        Auth.SetRoles(Roles.Viewer);
        Schedule.ScheduleAsync("node-b", new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero), "bob", CancellationToken.None);

        var panel = Context.Render<ScheduledSwitchoverPanel>();

        Assert.Single(panel.FindAll("[data-testid=scheduled]"));
        Assert.Empty(panel.FindAll("[data-testid=schedule-switchover]"));
        Assert.True(panel.Find("[data-testid=cancel-scheduled]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Schedule_TargetAndUtcTime_ScheduledAsEnteredAndListed()
    {
        var panel = Context.Render<ScheduledSwitchoverPanel>();

        await panel.InvokeAsync(() => panel.FindComponent<MudBlazor.MudSelect<string>>().Instance.ValueChanged.InvokeAsync("node-b"));
        panel.Find("[data-testid=schedule-at] input").Input("2026-12-06T02:30");
        panel.Find("[data-testid=schedule-switchover]").Click();

        var scheduled = Assert.Single(Schedule.List());
        Assert.Equal(("node-b", new DateTimeOffset(2026, 12, 6, 2, 30, 0, TimeSpan.Zero), "alice"), (scheduled.TargetNode, scheduled.At, scheduled.RequestedBy));
        panel.WaitForAssertion(() => Assert.Equal("2026-12-06 02:30", panel.Find("[data-testid=scheduled] td:nth-child(2)").TextContent));
    }

    [Fact]
    public void Cancel_ScheduledRow_CancelledAndGone()
    {
        Schedule.ScheduleAsync("node-b", new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero), "bob", CancellationToken.None);
        var panel = Context.Render<ScheduledSwitchoverPanel>();

        panel.Find("[data-testid=cancel-scheduled]").Click();

        Assert.Equal(["1"], Schedule.Cancelled);
        panel.WaitForAssertion(() => Assert.Single(panel.FindAll("[data-testid=no-scheduled]")));
    }

    [Fact]
    public void Cancel_SignInEndedWhileThePageWasOpen_NothingCancelled()
    {
        Schedule.ScheduleAsync("node-b", new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero), "bob", CancellationToken.None);
        var panel = Context.Render<ScheduledSwitchoverPanel>();

        Sessions.End("alice");
        panel.Find("[data-testid=cancel-scheduled]").Click();

        panel.WaitForAssertion(() => Assert.Contains("needs the Operator role", panel.Find("[data-testid=schedule-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(Schedule.Cancelled);
        Assert.Single(panel.FindAll("[data-testid=scheduled]"));
    }
}
