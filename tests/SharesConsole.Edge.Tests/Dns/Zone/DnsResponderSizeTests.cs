using SharesConsole.Edge.Dns;
using SharesConsole.Edge.Tests.Dns.Support;

namespace SharesConsole.Edge.Tests.Dns.Zone;

public sealed class DnsResponderSizeTests
{
    // 12 header + 26 question + 16 per A record: 40 nodes = 678 bytes, more than 512, less than 1232.
    private readonly ResponderHarness _harness = ResponderHarness.Create(TestCluster.Topology(40));

    [Fact]
    public void Respond_AnswerOver512WithoutEdns_SetsTruncatedAndFits()
    {
        var reply = _harness.Ask(TestCluster.Transfer, TestQuery.A);

        Assert.True(reply.Truncated);
        Assert.Empty(reply.Answers);
        Assert.Single(reply.Questions);
        Assert.True(reply.Length <= 512);
    }

    [Fact]
    public void Respond_EdnsBufferLargeEnough_ReturnsAllWithOpt()
    {
        var reply = _harness.Ask(TestCluster.Transfer, TestQuery.A, ednsSize: 1232);

        Assert.False(reply.Truncated);
        Assert.Equal(40, reply.Addresses.Count);
        Assert.Equal(1232, Assert.IsType<TestRecord>(reply.Opt).Class);
    }

    [Fact]
    public void Respond_SmallEdnsBuffer_SetsTruncatedAndKeepsOpt()
    {
        var reply = _harness.Ask(TestCluster.Transfer, TestQuery.A, ednsSize: 600);

        Assert.True(reply.Truncated);
        Assert.Empty(reply.Answers);
        Assert.NotNull(reply.Opt);
        Assert.True(reply.Length <= 600);
    }

    [Fact]
    public void Respond_EdnsBufferAboveServerMaximum_IsCappedAtMaxUdpPayload()
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(100), new DnsOptions { MaxUdpPayload = 1232 });

        var reply = harness.Ask(TestCluster.Transfer, TestQuery.A, ednsSize: 4096);

        Assert.True(reply.Truncated);
        Assert.True(reply.Length <= 1232);
    }

    [Fact]
    public void Respond_OverTcp_ReturnsWholeAnswerWhateverTheSize()
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(500));

        var reply = harness.Ask(TestCluster.Transfer, TestQuery.A, tcp: true);

        Assert.False(reply.Truncated);
        Assert.Equal(500, reply.Addresses.Count);
    }
}
