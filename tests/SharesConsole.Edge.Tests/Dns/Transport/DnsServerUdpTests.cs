using System.Net;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;
using SharesConsole.Edge.Tests.Dns.Support;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Edge.Tests.Dns.Transport;

/// <summary>Real queries from DnsClient over UDP and TCP against the hosted responder on 127.0.4.1.</summary>
public sealed class DnsServerUdpTests : IAsyncLifetime
{
    private DnsServerFixture _server = null!;

    public async Task InitializeAsync() => _server = await DnsServerFixture.StartAsync("127.0.4.1", TestCluster.DualStack());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    // One generous try: a query sent again would advance the rotation twice and break the rotation assertions.
    private LookupClient Client(bool tcp = false, int ednsSize = 1232) => new(new LookupClientOptions(new NameServer(_server.Endpoint))
    {
        UseCache = false,
        Retries = 0,
        Timeout = Bounded.DefaultCap / 2,
        UseTcpOnly = tcp,
        UseTcpFallback = false,
        ThrowDnsErrors = false,
        ContinueOnDnsError = false,
        ContinueOnEmptyResponse = false,
        Recursion = false,
        ExtendedDnsBufferSize = ednsSize,
    });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Query_TransferA_RotatesFirstAddressWithTtl(bool tcp)
    {
        var client = Client(tcp);
        var firsts = new List<IPAddress>();
        for (var i = 0; i < 4; i++)
        {
            var response = await client.QueryAsync(TestCluster.Transfer, QueryType.A).WaitAsync("DnsClient query transfer.shares.test A");
            Assert.Equal(DnsHeaderResponseCode.NoError, response.Header.ResponseCode);
            Assert.True(response.Header.HasAuthorityAnswer);
            var records = response.Answers.ARecords().ToList();
            Assert.Equal(2, records.Count);
            Assert.All(records, r => Assert.Equal(5, r.InitialTimeToLive));
            firsts.Add(records[0].Address);
        }

        Assert.NotEqual(firsts[0], firsts[1]);
        Assert.NotEqual(firsts[1], firsts[2]);
        Assert.Equal([TestCluster.Address(1), TestCluster.Address(2)], firsts.Distinct().Order(Comparer<IPAddress>.Create((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()))));
    }

    [Fact]
    public async Task Query_TransferAaaa_ReturnsIpv6Node()
    {
        var response = await Client().QueryAsync(TestCluster.Transfer, QueryType.AAAA).WaitAsync("DnsClient query transfer.shares.test AAAA");

        Assert.Equal(TestCluster.Address(3, v6: true), response.Answers.AaaaRecords().Single().Address);
    }

    [Fact]
    public async Task Query_UnknownNameInZone_ReturnsNxDomainWithSoa()
    {
        var response = await Client().QueryAsync("missing.shares.test", QueryType.A).WaitAsync("DnsClient query missing.shares.test A");

        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, response.Header.ResponseCode);
        Assert.Equal("ns1.shares.test.", response.Authorities.SoaRecords().Single().MName.Value);
    }

    [Fact]
    public async Task Query_NameOutsideZone_ReturnsRefused()
    {
        var response = await Client().QueryAsync("www.example.com", QueryType.A).WaitAsync("DnsClient query www.example.com A");

        Assert.Equal(DnsHeaderResponseCode.Refused, response.Header.ResponseCode);
    }

    [Fact]
    public async Task Query_NodeMarkedDown_VanishesFromNextAnswerAndComesBack()
    {
        var client = Client();

        _server.Health.SetUp(TestCluster.NodeName(1), false);
        var down = await client.QueryAsync(TestCluster.Transfer, QueryType.A).WaitAsync("DnsClient query transfer.shares.test A");
        _server.Health.SetUp(TestCluster.NodeName(1), true);
        var up = await client.QueryAsync(TestCluster.Transfer, QueryType.A).WaitAsync("DnsClient query transfer.shares.test A");

        Assert.Equal([TestCluster.Address(2)], down.Answers.ARecords().Select(r => r.Address));
        Assert.Equal(2, up.Answers.ARecords().Count());
    }

    [Fact]
    public async Task Query_RawNotify_ReturnsNotImp()
    {
        var reply = await _server.UdpMessageAsync(TestQuery.Build(TestCluster.Transfer, TestQuery.Soa, flags: 4 << 11));

        Assert.Equal(4, reply.RCode);
    }

    [Fact]
    public async Task Query_RawMalformedQuestion_ReturnsFormErr()
    {
        var query = TestQuery.Build(TestCluster.Transfer, TestQuery.A);
        query[12] = 0xC0;
        query[13] = 0xFF;

        var reply = await _server.UdpMessageAsync(query);

        Assert.Equal(1, reply.RCode);
        Assert.Equal(0x1234, reply.Id);
    }

    [Fact]
    public async Task Query_RawGarbageShorterThanHeader_GetsNoReplyAndServerKeepsAnswering()
    {
        using var client = _server.UdpClient();
        await client.SendToAsync(new byte[] { 1, 2, 3 }, SocketFlags.None, _server.Endpoint).WaitAsync("sending 3 bytes of garbage");
        await Poll.UntilAsync(() => _server.Count("dropped") == 1, "the server reads the garbage and drops it");

        // Nothing may come back on this port but the answer to the valid query.
        var reply = TestMessage.Parse(await _server.UdpAsync(client, TestQuery.Build(TestCluster.Transfer, TestQuery.A)));

        Assert.Equal(0x1234, reply.Id);
        Assert.Equal(2, reply.Addresses.Count);
        Assert.Equal(1, _server.Count("dropped"));
    }
}
