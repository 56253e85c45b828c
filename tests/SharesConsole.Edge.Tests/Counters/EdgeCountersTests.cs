using SharesConsole.Edge.Counters;

namespace SharesConsole.Edge.Tests.Counters;

public sealed class EdgeCountersTests
{
    [Fact]
    public void Snapshot_ConcurrentUpdates_NoCountLost()
    {
        var counters = new EdgeCounters();

        Parallel.For(0, 10_000, i =>
        {
            var node = counters.For(i % 2 == 0 ? "a" : "b", EdgeProtocol.Ssh);
            node.Started();
            node.In(10);
            node.Out(3);
            node.Status(200 + (i % 5 == 0 ? 300 : 0));
            node.Finished();
        });

        var snapshot = counters.Snapshot();
        Assert.Equal(["a", "b"], snapshot.Select(s => s.Node));
        Assert.Equal(10_000, snapshot.Sum(s => s.Requests));
        Assert.Equal(100_000, snapshot.Sum(s => s.BytesIn));
        Assert.Equal(30_000, snapshot.Sum(s => s.BytesOut));
        Assert.Equal(2_000, snapshot.Sum(s => s.Responses5xx));
        Assert.Equal(8_000, snapshot.Sum(s => s.Responses2xx));
        Assert.Equal(0, snapshot.Sum(s => s.OpenConnections));
    }

    [Fact]
    public void Status_OutOfRangeCode_Ignored()
    {
        var node = new NodeCounters("a", EdgeProtocol.Web);
        node.Status(0);
        node.Status(600);

        var s = node.Snapshot();
        Assert.Equal(0, s.Responses1xx + s.Responses2xx + s.Responses3xx + s.Responses4xx + s.Responses5xx);
    }
}
