using SharesConsole.Edge.Counters;
using SharesConsole.Edge.Remote;
using SharesConsole.Web.Edges;

namespace SharesConsole.Web.Tests.Edges;

public sealed class RemoteEdgeCountersTests
{
    private static readonly DateTimeOffset FirstStart = DateTimeOffset.UnixEpoch;

    private static EdgeCounterSnapshot Web(long requests, long open) =>
        new() { Node = "node-a", Protocol = EdgeProtocol.Web, Requests = requests, BytesIn = requests * 10, OpenConnections = open };

    [Fact]
    public void TwoEdges_TotalsAreSummed()
    {
        var registry = new EdgeRegistry(TimeProvider.System);
        var counters = new RemoteEdgeCounters(registry);

        registry.OnReport("edge-1", "c1", new EdgeReport { StartedAt = FirstStart, Counters = [Web(5, 1)] });
        registry.OnReport("edge-2", "c2", new EdgeReport { StartedAt = FirstStart, Counters = [Web(7, 2)] });

        var web = Assert.Single(counters.Snapshot());
        Assert.Equal((12L, 120L, 3L), (web.Requests, web.BytesIn, web.OpenConnections));
    }

    [Fact]
    public void EdgeRestarts_TotalsNeverGoBack_OpenGaugesOfTheOldProcessDropped()
    {
        var counters = new RemoteEdgeCounters(new EdgeRegistry(TimeProvider.System));
        counters.Record("edge-1", FirstStart, [Web(100, 4)]);
        counters.Record("edge-1", FirstStart, [Web(150, 4)]);

        counters.Record("edge-1", FirstStart.AddMinutes(1), [Web(3, 1)]);

        var web = Assert.Single(counters.Snapshot());
        Assert.Equal((153L, 1L), (web.Requests, web.OpenConnections));
    }
}
