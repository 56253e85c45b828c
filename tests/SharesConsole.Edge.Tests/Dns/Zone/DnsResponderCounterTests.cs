using SharesConsole.Edge.Tests.Dns.Support;

namespace SharesConsole.Edge.Tests.Dns.Zone;

public sealed class DnsResponderCounterTests
{
    [Fact]
    public void Respond_EveryOutcome_CountedOnceUnderItsResponseCode()
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(2));

        harness.Ask(TestCluster.Transfer, TestQuery.A);
        harness.Ask(TestCluster.Transfer, TestQuery.A);
        harness.Ask("missing." + TestCluster.Zone, TestQuery.A);
        harness.Ask("www.example.org", TestQuery.A);
        harness.Ask(TestQuery.Build(TestCluster.Transfer, TestQuery.A, flags: 2 << 11));
        var dropped = harness.AskRaw([1, 2, 3]);

        var counts = harness.Counters.Snapshot().ToDictionary(c => c.Result, c => c.Count);
        Assert.Empty(dropped);
        Assert.Equal(2, counts["noerror"]);
        Assert.Equal(1, counts["nxdomain"]);
        Assert.Equal(1, counts["refused"]);
        Assert.Equal(1, counts["notimp"]);
        Assert.Equal(1, counts["dropped"]);
        Assert.Equal(0, counts["servfail"] + counts["formerr"] + counts["badvers"] + counts["other"]);
    }
}
