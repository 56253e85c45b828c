using System.Net;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Tests.Dns.Support;

namespace SharesConsole.Edge.Tests.Dns.Zone;

public sealed class DnsResponderAnswerTests
{
    [Fact]
    public void Respond_TransferA_ReturnsEveryHealthyNodeWithClusterTtl()
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(3, ttlSeconds: 7));

        var reply = harness.Ask(TestCluster.Transfer, TestQuery.A);

        Assert.True(reply.IsResponse);
        Assert.True(reply.Authoritative);
        Assert.Equal(0, reply.RCode);
        Assert.Equal(0x1234, reply.Id);
        Assert.Equal(
            Enumerable.Range(1, 3).Select(i => TestCluster.Address(i)).OrderBy(a => a.ToString()),
            reply.Addresses.OrderBy(a => a.ToString()));
        Assert.All(reply.Answers, r => Assert.Equal(7u, r.Ttl));
        Assert.All(reply.Answers, r => Assert.Equal(TestCluster.Transfer + ".", r.Name));
    }

    [Fact]
    public void Respond_SuccessiveQueries_RotateFirstAddress()
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(3));

        var firsts = Enumerable.Range(0, 6).Select(_ => harness.Ask(TestCluster.Transfer, TestQuery.A).Addresses[0]).ToList();

        for (var i = 1; i < firsts.Count; i++)
        {
            Assert.NotEqual(firsts[i - 1], firsts[i]);
        }

        Assert.Equal(3, firsts.Distinct().Count());
        Assert.Equal(firsts[0], firsts[3]);
    }

    [Fact]
    public void Respond_Aaaa_ReturnsOnlyIpv6Nodes()
    {
        var harness = ResponderHarness.Create(TestCluster.DualStack());

        var v6 = harness.Ask(TestCluster.Transfer, TestQuery.Aaaa);
        var v4 = harness.Ask(TestCluster.Transfer, TestQuery.A);

        Assert.Equal([TestCluster.Address(3, v6: true)], v6.Addresses);
        Assert.All(v6.Answers, r => Assert.Equal(TestQuery.Aaaa, r.Type));
        Assert.Equal(2, v4.Addresses.Count);
        Assert.All(v4.Addresses, a => Assert.Equal(System.Net.Sockets.AddressFamily.InterNetwork, a.AddressFamily));
    }

    [Fact]
    public void Respond_AaaaWithoutIpv6Nodes_ReturnsNoDataWithSoa()
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(2));

        var reply = harness.Ask(TestCluster.Transfer, TestQuery.Aaaa);

        Assert.Equal(0, reply.RCode);
        Assert.Empty(reply.Answers);
        Assert.Equal(TestQuery.Soa, Assert.Single(reply.Authorities).Type);
    }

    [Fact]
    public void Respond_MixedCaseName_AnswersAndEchoesQuestionCase()
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(2));

        var reply = harness.Ask("TrAnSfEr.SHARES.test", TestQuery.A);

        Assert.Equal(0, reply.RCode);
        Assert.Equal(2, reply.Addresses.Count);
        Assert.Equal("TrAnSfEr.SHARES.test.", reply.Questions[0].Name);
    }

    [Fact]
    public void Respond_Answers_UseCompressionPointerToQuestion()
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(4));

        var raw = harness.AskRaw(TestQuery.Build(TestCluster.Transfer, TestQuery.A));
        var reply = TestMessage.Parse(raw);

        Assert.All(reply.Answers, r => Assert.True(r.CompressedName));
        Assert.All(reply.Answers, r => Assert.Equal(new byte[] { 0xC0, 12 }, raw.AsSpan(r.DataOffset - 12, 2).ToArray()));
        var question = 12 + TestQuery.EncodeName(TestCluster.Transfer).Length + 4;
        Assert.Equal(question + 4 * 16, raw.Length);
    }

    [Fact]
    public void Respond_OtherNameInZone_ReturnsNxDomainWithSoa()
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(2, ttlSeconds: 9));

        var reply = harness.Ask("nothing.shares.test", TestQuery.A);

        Assert.Equal(3, reply.RCode);
        Assert.True(reply.Authoritative);
        Assert.Empty(reply.Answers);
        var soa = Assert.Single(reply.Authorities);
        Assert.Equal(TestQuery.Soa, soa.Type);
        Assert.Equal("shares.test.", soa.Name);
        Assert.True(soa.CompressedName);
        Assert.Equal(9u, soa.Ttl);
    }

    [Fact]
    public void Respond_NameBelowTransfer_ReturnsNxDomain()
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(2));

        Assert.Equal(3, harness.Ask("x.transfer.shares.test", TestQuery.A).RCode);
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("test")]
    [InlineData("notshares.test")]
    [InlineData(".")]
    public void Respond_NameOutsideZone_ReturnsRefused(string name)
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(2));

        var reply = harness.Ask(name, TestQuery.A);

        Assert.Equal(5, reply.RCode);
        Assert.False(reply.Authoritative);
        Assert.Empty(reply.Answers);
    }

    [Fact]
    public void Respond_ApexSoa_ReturnsSoaWithCompressedNames()
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(2, ttlSeconds: 5));

        var raw = harness.AskRaw(TestQuery.Build("shares.test", TestQuery.Soa));
        var reply = TestMessage.Parse(raw);

        var soa = Assert.Single(reply.Answers);
        Assert.Equal(TestQuery.Soa, soa.Type);
        var pos = soa.DataOffset;
        var (mname, mcompressed) = TestMessage.ReadName(raw, ref pos);
        var (rname, _) = TestMessage.ReadName(raw, ref pos);
        Assert.Equal("ns1.shares.test.", mname);
        Assert.True(mcompressed);
        Assert.Equal("hostmaster.shares.test.", rname);
        Assert.Equal(7u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(raw.AsSpan(pos)));
    }

    [Fact]
    public void Respond_ApexNs_ReturnsNameServerWithVipGlue()
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(2));

        var reply = harness.Ask("SHARES.test", TestQuery.Ns);

        var ns = Assert.Single(reply.Answers);
        Assert.Equal(TestQuery.Ns, ns.Type);
        var glue = Assert.Single(reply.Additionals);
        Assert.Equal("ns1.SHARES.test.", glue.Name);
        Assert.Equal(IPAddress.Parse("127.0.4.250"), new IPAddress(glue.Data));
        Assert.Equal(IPAddress.Parse("127.0.4.250"), harness.Ask("ns1.shares.test", TestQuery.A).Addresses.Single());
    }

    [Theory]
    [InlineData("transfer.shares.test", TestQuery.Mx)]
    [InlineData("shares.test", TestQuery.A)]
    [InlineData("ns1.shares.test", TestQuery.Txt)]
    public void Respond_OtherTypeAtExistingName_ReturnsNoData(string name, ushort type)
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(2));

        var reply = harness.Ask(name, type);

        Assert.Equal(0, reply.RCode);
        Assert.True(reply.Authoritative);
        Assert.Empty(reply.Answers);
        Assert.Equal(TestQuery.Soa, Assert.Single(reply.Authorities).Type);
    }

    [Fact]
    public void Respond_Axfr_ReturnsRefused()
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(2));

        Assert.Equal(5, harness.Ask("shares.test", TestQuery.Axfr, tcp: true).RCode);
    }

    [Fact]
    public void Respond_ChaosClass_ReturnsRefused()
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(2));

        Assert.Equal(5, harness.Ask(TestQuery.Build(TestCluster.Transfer, TestQuery.A, qclass: 3)).RCode);
    }

    [Fact]
    public void Respond_TopologyChange_UsesNewZoneAndTtlOnNextQuery()
    {
        var harness = ResponderHarness.Create(TestCluster.Topology(2, ttlSeconds: 5));
        Assert.Equal(5u, harness.Ask(TestCluster.Transfer, TestQuery.A).Answers[0].Ttl);

        harness.Topology.Update(t => t with
        {
            Settings = t.Settings with { DnsTtl = TimeSpan.FromSeconds(30), DnsZone = "other.test", TransferFqdn = "files.other.test" },
        });

        Assert.Equal(5, harness.Ask(TestCluster.Transfer, TestQuery.A).RCode);
        var reply = harness.Ask("files.other.test", TestQuery.A);
        Assert.Equal(2, reply.Addresses.Count);
        Assert.All(reply.Answers, r => Assert.Equal(30u, r.Ttl));
    }
}
