using Bunit;
using SharesConsole.Edge.Counters;
using SharesConsole.Web.Components.Pages;
using SharesConsole.Web.Live;

namespace SharesConsole.Web.Tests.Components.Pages;

public sealed class TrafficTests : BunitTestBase
{
    private void CarryTraffic(int seconds)
    {
        var web = Edge.Counters.For("node-a", EdgeProtocol.Web);
        var fasp = Edge.Counters.For("node-b", EdgeProtocol.Fasp);
        Traffic.Tick();
        for (var i = 0; i < seconds; i++)
        {
            web.Started();
            web.In(1000);
            fasp.FlowOpened();
            fasp.Datagram(1400);
            Time.Advance(TimeSpan.FromSeconds(1));
            Traffic.Tick();
        }
    }

    [Fact]
    public void Render_NoSamples_SaysSoAndDrawsFiveCharts()
    {
        var page = Context.Render<Traffic>();

        Assert.Single(page.FindAll("[data-testid=no-traffic]"));
        Assert.Equal(["Requests", "BytesIn", "BytesOut", "Connections", "UdpFlows"], page.FindAll("[data-testid=chart]").Select(c => c.GetAttribute("data-metric") ?? ""));
    }

    [Fact]
    public void Tick_LiveWindow_ChartsPerNodeAndNowTableFollow()
    {
        var page = Context.Render<Traffic>();

        CarryTraffic(3);

        page.WaitForAssertion(() =>
        {
            Assert.Empty(page.FindAll("[data-testid=no-traffic]"));
            var requests = page.Find("[data-testid=chart][data-metric=Requests] [data-testid=series]");
            Assert.Contains("node-a", requests.TextContent, StringComparison.Ordinal);
            Assert.Contains("node-b", requests.TextContent, StringComparison.Ordinal);
            Assert.Contains("1.0 kB/s", page.Find("[data-testid=traffic-now] tr[data-node=node-a]").TextContent, StringComparison.Ordinal);
            Assert.Contains("3", page.Find("[data-testid=traffic-now] tr[data-node=node-b]").TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void SplitPerProtocol_Clicked_SeriesNamedByProtocol()
    {
        CarryTraffic(2);
        var page = Context.Render<Traffic>();

        page.Find("[data-testid=split-protocol]").Click();

        var requests = page.Find("[data-testid=chart][data-metric=Requests] [data-testid=series]");
        Assert.Contains("web", requests.TextContent, StringComparison.Ordinal);
        Assert.Contains("fasp", requests.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("node-a", requests.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void HourWindow_MinuteRollups_AveragesPerMinute()
    {
        CarryTraffic(61);
        var page = Context.Render<Traffic>();

        page.Find("[data-testid=\"window-01:00:00\"]").Click();

        Assert.Empty(page.FindAll("[data-testid=no-traffic]"));
        Assert.Single(Traffic.Minutes());
        // The first tick only sets the baseline (rate 0); the other 59 seconds of the minute carried one request each.
        Assert.Equal(59.0 / 60, Traffic.Minutes()[0].RequestsPerSecond(EdgeProtocol.Web), 6);
    }

    [Fact]
    public void DayWindow_StoredMinutesFromBeforeRestart_ChartedAndJoinedWithLiveMinutes()
    {
        var stored = Time.GetUtcNow().AddHours(-5);
        TrafficHistory.Stored.Add(new TrafficSample(stored, [new TrafficRate("node-a", EdgeProtocol.Web, 2, 100, 200, 3, 0)]));
        TrafficHistory.Stored.Add(new TrafficSample(stored.AddMinutes(1), [new TrafficRate("node-b", EdgeProtocol.Fasp, 1, 50, 50, 0, 4)]));
        var page = Context.Render<Traffic>();
        Assert.Single(page.FindAll("[data-testid=no-traffic]"));

        page.Find("[data-testid=\"window-1.00:00:00\"]").Click();

        page.WaitForAssertion(() =>
        {
            Assert.Empty(page.FindAll("[data-testid=no-traffic]"));
            var series = page.Find("[data-testid=chart][data-metric=Requests] [data-testid=series]").TextContent;
            Assert.Contains("node-a", series, StringComparison.Ordinal);
            Assert.Contains("node-b", series, StringComparison.Ordinal);
        });
        Assert.Equal(Time.GetUtcNow() - TimeSpan.FromHours(24), TrafficHistory.LastAsked!.Value.From);
    }
}
