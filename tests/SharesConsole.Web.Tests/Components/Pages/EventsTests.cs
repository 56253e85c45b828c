using Bunit;
using SharesConsole.Core.State;
using SharesConsole.Tests.Common;
using SharesConsole.Web.Components.Pages;

namespace SharesConsole.Web.Tests.Components.Pages;

public sealed class EventsTests : BunitTestBase
{
    private static ClusterEvent Event(long id, string kind, string? node, string? service = null, int minutesAgo = 1) => new()
    {
        Id = id,
        Time = TestStates.Now.AddMinutes(-minutesAgo),
        Kind = kind,
        Node = node,
        Service = service,
        Message = $"event {id}",
    };

    [Fact]
    public void Render_History_NewestFirstWithinTimeWindow()
    {
        History.Add(Event(1, EventKinds.NodeDown, "node-a", minutesAgo: 60 * 48));
        History.Add(Event(2, EventKinds.NodeDrained, "node-b", minutesAgo: 10));
        History.Add(Event(3, EventKinds.ServiceFailed, "node-a", "mysqld", minutesAgo: 5));

        var page = Context.Render<Events>();

        var rows = page.FindAll("[data-testid=events-table] tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("event 3", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("event 2", rows[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void PublishEvent_WhilePageOpen_AppendsLiveOnTop()
    {
        History.Add(Event(1, EventKinds.NodeDrained, "node-b"));
        var page = Context.Render<Events>();

        Events.Publish(Event(2, EventKinds.FailoverStarted, "node-a", minutesAgo: 0));

        page.WaitForAssertion(() =>
        {
            var rows = page.FindAll("[data-testid=events-table] tbody tr");
            Assert.Equal(2, rows.Count);
            Assert.Contains("failover.started", rows[0].TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void FilterNode_ChosenInSelect_OnlyThatNodeAndLiveAppendRespectsIt()
    {
        History.Add(Event(1, EventKinds.NodeDrained, "node-b"));
        History.Add(Event(2, EventKinds.NodeDown, "node-a"));
        var page = Context.Render<Events>();

        page.Find("[data-filter=node] .mud-select-input").MouseDown();
        Popovers.WaitForAssertion(() => Popovers.FindAll(".mud-list-item").First(i => i.TextContent.Contains("node-a", StringComparison.Ordinal)).Click());

        page.WaitForAssertion(() =>
        {
            var rows = page.FindAll("[data-testid=events-table] tbody tr");
            Assert.Single(rows);
            Assert.Contains("event 2", rows[0].TextContent, StringComparison.Ordinal);
        });
        Events.Publish(Event(3, EventKinds.NodeUp, "node-b", minutesAgo: 0));
        Events.Publish(Event(4, EventKinds.NodeUp, "node-a", minutesAgo: 0));
        page.WaitForAssertion(() => Assert.Contains("event 4", page.Find("[data-testid=events-table] tbody tr").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("event 3", page.Find("[data-testid=events-table]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoEvents_SaysSo()
    {
        var page = Context.Render<Events>();

        Assert.Single(page.FindAll("[data-testid=no-events]"));
    }
}
