using DnsClient;
using SharesConsole.Edge.Tests.Dns.Support;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Edge.Tests.Dns.Transport;

/// <summary>An answer of 60 nodes (990 bytes) against small EDNS buffers, over real sockets on 127.0.4.2.</summary>
public sealed class DnsServerTruncationTests : IAsyncLifetime
{
    private DnsServerFixture _server = null!;

    public async Task InitializeAsync() => _server = await DnsServerFixture.StartAsync("127.0.4.2", TestCluster.Topology(60));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Query_SmallEdnsSizeOverUdp_SetsTruncatedBit()
    {
        var reply = await _server.UdpMessageAsync(TestQuery.Build(TestCluster.Transfer, TestQuery.A, ednsSize: 700));

        Assert.True(reply.Truncated);
        Assert.True(reply.Length <= 700);
        Assert.NotNull(reply.Opt);
    }

    [Fact]
    public async Task Query_LargeEdnsSizeOverUdp_ReturnsAllAddresses()
    {
        var reply = await _server.UdpMessageAsync(TestQuery.Build(TestCluster.Transfer, TestQuery.A, ednsSize: 1232));

        Assert.False(reply.Truncated);
        Assert.Equal(60, reply.Addresses.Count);
    }

    [Fact]
    public async Task Query_DnsClientWithTcpFallback_GetsEveryAddress()
    {
        var client = new LookupClient(new LookupClientOptions(new NameServer(_server.Endpoint))
        {
            UseCache = false,
            Timeout = Bounded.DefaultCap / 2,
            UseTcpFallback = true,
            ExtendedDnsBufferSize = 512,
        });

        var response = await client.QueryAsync(TestCluster.Transfer, QueryType.A).WaitAsync("DnsClient query transfer.shares.test A with TCP fallback");

        Assert.Equal(60, response.Answers.ARecords().Count());
    }
}
