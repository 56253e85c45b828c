using SharesConsole.Edge.Tests.Dns.Support;

namespace SharesConsole.Edge.Tests.Dns.Zone;

public sealed class DnsResponderErrorTests
{
    private readonly ResponderHarness _harness = ResponderHarness.Create(TestCluster.Topology(2));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(15)]
    public void Respond_OpcodeOtherThanQuery_ReturnsNotImp(int opcode)
    {
        var reply = _harness.Ask(TestQuery.Build(TestCluster.Transfer, TestQuery.A, flags: (ushort)(opcode << 11)));

        Assert.Equal(4, reply.RCode);
        Assert.Equal(opcode, (reply.Flags >> 11) & 0xF);
        Assert.Equal(0x1234, reply.Id);
    }

    [Fact]
    public void Respond_TwoQuestions_ReturnsFormErr()
    {
        var query = TestQuery.Build(TestCluster.Transfer, TestQuery.A);
        query[5] = 2;

        var reply = _harness.Ask(query);

        Assert.Equal(1, reply.RCode);
        Assert.Empty(reply.Questions);
    }

    [Fact]
    public void Respond_TruncatedQuestion_ReturnsFormErr()
    {
        var query = TestQuery.Build(TestCluster.Transfer, TestQuery.A);

        Assert.Equal(1, _harness.Ask(query[..^3]).RCode);
    }

    [Fact]
    public void Respond_HugeAdditionalCount_ReturnsFormErr()
    {
        var query = TestQuery.Build(TestCluster.Transfer, TestQuery.A);
        query[10] = 0xFF;
        query[11] = 0xFF;

        Assert.Equal(1, _harness.Ask(query).RCode);
    }

    [Fact]
    public void Respond_ShorterThanHeader_IsDropped()
    {
        Assert.Empty(_harness.AskRaw([0x12, 0x34, 0x01, 0x00, 0, 1]));
    }

    [Fact]
    public void Respond_ResponsePacket_IsDropped()
    {
        Assert.Empty(_harness.AskRaw(TestQuery.Build(TestCluster.Transfer, TestQuery.A, flags: 0x8000)));
    }

    [Fact]
    public void Respond_EdnsVersion1_ReturnsBadVers()
    {
        var reply = _harness.Ask(TestQuery.Build(TestCluster.Transfer, TestQuery.A, ednsSize: 1232, ednsVersion: 1));

        Assert.Equal(0, reply.RCode);
        Assert.Equal(1u, Assert.IsType<TestRecord>(reply.Opt).Ttl >> 24);
        Assert.Empty(reply.Answers);
    }

    [Fact]
    public void Respond_RecursionDesired_IsCopiedAndRecursionNotAvailable()
    {
        var reply = _harness.Ask(TestCluster.Transfer, TestQuery.A);

        Assert.Equal(0x0100, reply.Flags & 0x0100);
        Assert.Equal(0, reply.Flags & 0x0080);
    }
}
