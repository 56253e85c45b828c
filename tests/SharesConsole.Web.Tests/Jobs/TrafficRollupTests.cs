using SharesConsole.Data.Stores;
using SharesConsole.Edge.Counters;
using SharesConsole.Web.Jobs;

namespace SharesConsole.Web.Tests.Jobs;

public sealed class TrafficRollupTests
{
    private static readonly DateTimeOffset Minute = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private sealed class NoCounters : IEdgeCounters
    {
        public IReadOnlyList<EdgeCounterSnapshot> Snapshot() => [];
    }

    private static EdgeCounterSnapshot Web(long requests, long bytesOut, long open) =>
        new() { Node = "node-a", Protocol = EdgeProtocol.Web, Requests = requests, Responses2xx = requests, BytesOut = bytesOut, OpenConnections = open };

    [Fact]
    public void Deltas_SecondCall_CountsOnlyTheNewTrafficAndKeepsGauges()
    {
        var rollup = new TrafficRollup(new NoCounters(), null!, TimeProvider.System);

        var first = rollup.Deltas([Web(100, 5000, 3)], Minute);
        var second = rollup.Deltas([Web(130, 8000, 1)], Minute.AddMinutes(1));

        Assert.Equal((100L, 5000L, 3L), (first[0].Requests, first[0].BytesOut, first[0].Connections));
        Assert.Equal((30L, 30L, 3000L, 1L), (second[0].Requests, second[0].Responses2xx, second[0].BytesOut, second[0].Connections));
        Assert.Equal("Web", second[0].Protocol);
        Assert.Equal(TrafficSample.TruncateToMinute(Minute.AddMinutes(1)), second[0].Minute);
    }
}
