using System.Buffers.Binary;
using System.Net;
using SharesConsole.Edge.Dns;
using SharesConsole.Edge.Tests.Dns.Support;

namespace SharesConsole.Edge.Tests.Dns.Zone;

/// <summary>Dns:NameServers: every edge that answers DNS in the apex NS records, their glue, their own names and the SOA.</summary>
public sealed class DnsResponderNameServerTests
{
    private static readonly IPAddress Vip = IPAddress.Parse("127.0.4.250");

    private static DnsNameServer Edge(int i, string? address = null) => new() { Name = $"edge{i}", Address = address ?? $"10.0.0.{30 + i}" };

    private static ResponderHarness Harness(params DnsNameServer[] nameServers) =>
        ResponderHarness.Create(TestCluster.Topology(2), new DnsOptions { NameServers = nameServers });

    /// <summary>The host names the NS records point to, read from their RDATA (which ends in a compression pointer).</summary>
    private static List<string> NsTargets(byte[] raw, TestMessage reply) =>
    [
        .. reply.Answers.Where(r => r.Type == TestQuery.Ns).Select(r =>
        {
            var pos = r.DataOffset;
            return TestMessage.ReadName(raw, ref pos).Name;
        }),
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Respond_ApexNs_OneRecordPerEdgeWithItsGlue(int edges)
    {
        var harness = Harness([.. Enumerable.Range(1, edges).Select(i => Edge(i))]);

        var raw = harness.AskRaw(TestQuery.Build("shares.test", TestQuery.Ns));
        var reply = TestMessage.Parse(raw);

        Assert.Equal(0, reply.RCode);
        Assert.True(reply.Authoritative);
        Assert.False(reply.Truncated);
        Assert.All(reply.Answers, r => Assert.Equal(("shares.test.", TestQuery.Ns, 5u), (r.Name, r.Type, r.Ttl)));
        Assert.Equal([.. Enumerable.Range(1, edges).Select(i => $"edge{i}.shares.test.")], NsTargets(raw, reply));
        Assert.Equal(
            [.. Enumerable.Range(1, edges).Select(i => ($"edge{i}.shares.test.", TestQuery.A, IPAddress.Parse($"10.0.0.{30 + i}")))],
            reply.Additionals.Select(r => (r.Name, r.Type, new IPAddress(r.Data))));
        Assert.All(reply.Additionals, r => Assert.True(r.CompressedName));
        Assert.DoesNotContain(reply.Additionals, r => new IPAddress(r.Data).Equals(Vip));
    }

    [Fact]
    public void Respond_ApexNsWithEdns_GlueThenOpt()
    {
        var harness = Harness(Edge(1), Edge(2));

        var reply = harness.Ask("shares.test", TestQuery.Ns, ednsSize: 1232);

        Assert.Equal(2, reply.Answers.Count);
        Assert.Equal([TestQuery.A, TestQuery.A, TestQuery.Opt], reply.Additionals.Select(r => r.Type));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Respond_EdgeName_AnswersThatEdgesAddress(int edge)
    {
        var harness = Harness(Edge(1), Edge(2), Edge(3));

        var reply = harness.Ask($"EDGE{edge}.Shares.test", TestQuery.A);

        Assert.Equal(0, reply.RCode);
        Assert.True(reply.Authoritative);
        var answer = Assert.Single(reply.Answers);
        Assert.Equal(($"EDGE{edge}.Shares.test.", TestQuery.A, 5u), (answer.Name, answer.Type, answer.Ttl));
        Assert.Equal(IPAddress.Parse($"10.0.0.{30 + edge}"), new IPAddress(answer.Data));
    }

    [Fact]
    public void Respond_Ipv6Edge_AaaaGlueAndAnswerButNoA()
    {
        var harness = Harness(Edge(1), Edge(2, "fd00::32"));

        var ns = harness.Ask("shares.test", TestQuery.Ns);
        var aaaa = harness.Ask("edge2.shares.test", TestQuery.Aaaa);
        var a = harness.Ask("edge2.shares.test", TestQuery.A);
        var v4Only = harness.Ask("edge1.shares.test", TestQuery.Aaaa);

        Assert.Equal(
            [("edge1.shares.test.", TestQuery.A, IPAddress.Parse("10.0.0.31")), ("edge2.shares.test.", TestQuery.Aaaa, IPAddress.Parse("fd00::32"))],
            ns.Additionals.Select(r => (r.Name, r.Type, new IPAddress(r.Data))));
        Assert.Equal([IPAddress.Parse("fd00::32")], aaaa.Addresses);
        Assert.Equal(TestQuery.Aaaa, aaaa.Answers[0].Type);
        foreach (var noData in new[] { a, v4Only })
        {
            Assert.Equal(0, noData.RCode);
            Assert.Empty(noData.Answers);
            Assert.Equal(TestQuery.Soa, Assert.Single(noData.Authorities).Type);
        }
    }

    [Fact]
    public void Respond_DualStackEdge_OneNsRecordBothGlueRecords()
    {
        var harness = Harness(Edge(1), Edge(2), Edge(1, "fd00::31"));

        var raw = harness.AskRaw(TestQuery.Build("shares.test", TestQuery.Ns));
        var reply = TestMessage.Parse(raw);
        var any = harness.Ask("edge1.shares.test", TestQuery.Any);

        Assert.Equal(["edge1.shares.test.", "edge2.shares.test."], NsTargets(raw, reply));
        Assert.Equal(
            [("edge1.shares.test.", TestQuery.A), ("edge1.shares.test.", TestQuery.Aaaa), ("edge2.shares.test.", TestQuery.A)],
            reply.Additionals.Select(r => (r.Name, r.Type)));
        Assert.Equal([IPAddress.Parse("10.0.0.31"), IPAddress.Parse("fd00::31")], any.Addresses);
    }

    [Fact]
    public void Respond_ApexSoa_PrimaryIsFirstEdge()
    {
        var harness = Harness(Edge(2), Edge(1));

        var raw = harness.AskRaw(TestQuery.Build("shares.test", TestQuery.Soa));
        var soa = Assert.Single(TestMessage.Parse(raw).Answers);
        var pos = soa.DataOffset;

        Assert.Equal("edge2.shares.test.", TestMessage.ReadName(raw, ref pos).Name);
        Assert.Equal("hostmaster.shares.test.", TestMessage.ReadName(raw, ref pos).Name);
        Assert.Equal(7u, BinaryPrimitives.ReadUInt32BigEndian(raw.AsSpan(pos)));
    }

    [Fact]
    public void Respond_ApexAny_SoaAndEveryNsRecord()
    {
        var harness = Harness(Edge(1), Edge(2), Edge(3));

        var raw = harness.AskRaw(TestQuery.Build("shares.test", TestQuery.Any));
        var reply = TestMessage.Parse(raw);

        Assert.Equal([TestQuery.Soa, TestQuery.Ns, TestQuery.Ns, TestQuery.Ns], reply.Answers.Select(r => r.Type));
        Assert.Equal(["edge1.shares.test.", "edge2.shares.test.", "edge3.shares.test."], NsTargets(raw, reply));
    }

    [Fact]
    public void Respond_WithList_DefaultNameServerNoLongerExists()
    {
        var harness = Harness(Edge(1));

        Assert.Equal(3, harness.Ask("ns1.shares.test", TestQuery.A).RCode);
        Assert.Equal(3, harness.Ask("x.edge1.shares.test", TestQuery.A).RCode);
        Assert.Equal(2, harness.Ask(TestCluster.Transfer, TestQuery.A).Addresses.Count);
    }

    [Fact]
    public void Respond_EmptyList_OneNsAtTheVipAsBefore()
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(2), new DnsOptions { NameServer = "dns", NameServers = [] });

        var reply = harness.Ask("shares.test", TestQuery.Ns);

        Assert.Single(reply.Answers);
        var glue = Assert.Single(reply.Additionals);
        Assert.Equal(("dns.shares.test.", Vip), (glue.Name, new IPAddress(glue.Data)));
        Assert.Equal([Vip], harness.Ask("dns.shares.test", TestQuery.A).Addresses);
    }

    [Fact]
    public void Respond_MostEdgesWithShortNames_FitIn512WithoutEdns()
    {
        var harness = Harness([.. Enumerable.Range(1, DnsOptions.MaxNameServers).Select(i => Edge(i))]);

        var reply = harness.Ask("shares.test", TestQuery.Ns);

        Assert.False(reply.Truncated);
        Assert.Equal(DnsOptions.MaxNameServers, reply.Answers.Count);
        Assert.Equal(DnsOptions.MaxNameServers, reply.Additionals.Count);
        Assert.True(reply.Length <= 512, $"{reply.Length} bytes");
        Assert.DoesNotContain(harness.Logs.Entries, e => e.Id.Id == 4012);
    }

    [Fact]
    public void Respond_NsAnswerOver512WithoutEdns_TruncatedWholeAndLoggedOnce()
    {
        var longNames = Enumerable.Range(1, DnsOptions.MaxNameServers)
            .Select(i => new DnsNameServer { Name = $"edge-{i}-" + new string('x', 50), Address = $"fd00::{i}" })
            .ToArray();
        var harness = Harness(longNames);

        var plain = harness.Ask("shares.test", TestQuery.Ns);
        var edns = harness.Ask("shares.test", TestQuery.Ns, ednsSize: 1232);
        var tcp = harness.Ask("shares.test", TestQuery.Ns, tcp: true);

        Assert.True(plain.Truncated);
        Assert.Empty(plain.Answers);
        Assert.Empty(plain.Additionals);
        Assert.True(plain.Length <= 512);
        Assert.False(edns.Truncated);
        Assert.Equal(DnsOptions.MaxNameServers, edns.Answers.Count);
        Assert.Equal(DnsOptions.MaxNameServers, tcp.Additionals.Count);
        var warning = Assert.Single(harness.Logs.Entries, e => e.Id.Id == 4012);
        Assert.Contains($"{tcp.Length} bytes", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("shares.test", TestQuery.Ns)]
    [InlineData("edge3.shares.test", TestQuery.A)]
    [InlineData("shares.test", TestQuery.Any)]
    public void Respond_WarmNameServerQueries_AllocateNothing(string name, ushort type)
    {
        var harness = Harness(Edge(1), Edge(2), Edge(3, "fd00::33"));
        var query = TestQuery.Build(name, type);
        var buffer = new byte[65535];
        // Warm through tiered compilation: its instrumented tier (dynamic PGO) allocates a few bytes once.
        for (var i = 0; i < 10_000; i++)
        {
            Assert.NotEqual(0, harness.Responder.Respond(query, buffer, tcp: false));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            harness.Responder.Respond(query, buffer, tcp: false);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
