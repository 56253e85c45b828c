using SharesConsole.Edge.Dns;
using SharesConsole.Edge.Tests.Dns.Support;
using Xunit.Abstractions;

namespace SharesConsole.Edge.Tests.Dns.Zone;

public sealed class DnsResponderHotPathTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(TestCluster.Transfer, TestQuery.A, 1232)]
    [InlineData(TestCluster.Transfer, TestQuery.Aaaa, null)]
    [InlineData("missing.shares.test", TestQuery.A, null)]
    [InlineData("example.com", TestQuery.A, 1232)]
    [InlineData("shares.test", TestQuery.Ns, null)]
    public void Respond_WarmQueries_AllocateNothing(string name, ushort type, int? ednsSize)
    {
        var harness = ResponderHarness.Create(TestCluster.DualStack());
        var query = TestQuery.Build(name, type, ednsSize: ednsSize);
        var buffer = new byte[65535];
        harness.Responder.Respond(query, buffer, tcp: false);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            harness.Responder.Respond(query, buffer, tcp: false);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{name} {type}: {allocated} bytes allocated over 10000 queries");
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Respond_AllNodesDownThenOneBack_LogsFailOpenOnceAndRecoveryOnce()
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(2));
        harness.Health.SetUp(TestCluster.NodeName(1), false);
        harness.Health.SetUp(TestCluster.NodeName(2), false);

        for (var i = 0; i < 5; i++)
        {
            harness.Ask(TestCluster.Transfer, TestQuery.A);
        }

        harness.Health.SetUp(TestCluster.NodeName(2), true);
        for (var i = 0; i < 5; i++)
        {
            harness.Ask(TestCluster.Transfer, TestQuery.A);
        }

        Assert.Single(harness.Logs.Entries, e => e.Id.Id == 4003);
        Assert.Single(harness.Logs.Entries, e => e.Id.Id == 4005);
    }

    [Fact]
    public void Respond_FailClosed_LogsServFailEvent()
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(1), new DnsOptions { FailOpen = false });
        harness.Health.SetUp(TestCluster.NodeName(1), false);

        harness.Ask(TestCluster.Transfer, TestQuery.A);

        Assert.Single(harness.Logs.Entries, e => e.Id.Id == 4004);
    }

    [Fact]
    public void Respond_AnyAtTransfer_ReturnsBothFamilies()
    {
        var harness = ResponderHarness.Create(TestCluster.DualStack());

        var reply = harness.Ask(TestCluster.Transfer, TestQuery.Any);

        Assert.Equal(2, reply.Answers.Count(r => r.Type == TestQuery.A));
        Assert.Single(reply.Answers, r => r.Type == TestQuery.Aaaa);
    }
}
