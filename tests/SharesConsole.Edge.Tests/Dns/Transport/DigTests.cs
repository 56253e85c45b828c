using SharesConsole.Edge.Tests.Dns.Support;
using Xunit.Abstractions;

namespace SharesConsole.Edge.Tests.Dns.Transport;

/// <summary>The responder as a real resolver tool sees it: dig over UDP and TCP against 127.0.4.5.</summary>
public sealed class DigTests(ITestOutputHelper output) : IAsyncLifetime
{
    private DnsServerFixture _server = null!;

    public async Task InitializeAsync()
    {
        var topology = TestCluster.Topology(3);
        _server = await DnsServerFixture.StartAsync("127.0.4.5", topology with { Nodes = [.. topology.Nodes, new(TestCluster.Node(9, v6: true))] });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<Dig.Result> DigAsync(params string[] arguments)
    {
        var result = await Dig.RunAsync(_server.Endpoint, arguments);
        output.WriteLine(result.Output);
        return result;
    }

    [Theory]
    [InlineData("+notcp")]
    [InlineData("+tcp")]
    public async Task Dig_TransferA_ThreeRecordsTtl5RotatingFirst(string transport)
    {
        var first = await DigAsync(transport, "transfer.shares.test", "A");
        var second = await DigAsync(transport, "transfer.shares.test", "A");

        Assert.Equal("NOERROR", first.Status);
        Assert.Contains("aa", first.Flags.Split(' '));
        Assert.Equal(3, first.Answers.Count);
        Assert.All(first.Answers, a => Assert.Equal(("transfer.shares.test.", 5, "A"), (a.Name, a.Ttl, a.Type)));
        Assert.Equal(first.Answers.Select(a => a.Data).Order(), second.Answers.Select(a => a.Data).Order());
        Assert.NotEqual(first.Answers[0].Data, second.Answers[0].Data);
    }

    [Fact]
    public async Task Dig_TransferAaaa_ReturnsIpv6Record()
    {
        var result = await DigAsync("TRANSFER.Shares.Test", "AAAA");

        Assert.Equal(("AAAA", TestCluster.Address(9, v6: true).ToString()), (result.Answers.Single().Type, result.Answers.Single().Data));
    }

    [Fact]
    public async Task Dig_NodeDown_LeavesAnswerAndReturns()
    {
        _server.Health.SetUp(TestCluster.NodeName(2), false);
        var down = await DigAsync("transfer.shares.test", "A");
        _server.Health.SetUp(TestCluster.NodeName(2), true);
        var up = await DigAsync("transfer.shares.test", "A");

        Assert.DoesNotContain(TestCluster.Address(2).ToString(), down.Answers.Select(a => a.Data));
        Assert.Equal(2, down.Answers.Count);
        Assert.Contains(TestCluster.Address(2).ToString(), up.Answers.Select(a => a.Data));
    }

    [Theory]
    [InlineData("missing.shares.test", "NXDOMAIN")]
    [InlineData("www.example.org", "REFUSED")]
    public async Task Dig_OtherNames_ReturnStatus(string name, string status)
    {
        Assert.Equal(status, (await DigAsync(name, "A")).Status);
    }

    [Fact]
    public async Task Dig_Soa_ReturnsZoneSoa()
    {
        var soa = (await DigAsync("shares.test", "SOA")).Answers.Single();

        Assert.Equal(("shares.test.", "SOA", "ns1.shares.test."), (soa.Name, soa.Type, soa.Data));
    }

    [Fact]
    public async Task Dig_SmallBufferIgnoringTruncation_ShowsTcFlag()
    {
        await using var big = await DnsServerFixture.StartAsync("127.0.4.6", TestCluster.Topology(60));

        var result = await Dig.RunAsync(big.Endpoint, "+bufsize=600", "+ignore", "transfer.shares.test", "A");
        var retried = await Dig.RunAsync(big.Endpoint, "+bufsize=600", "transfer.shares.test", "A");

        output.WriteLine(result.Output);
        Assert.Contains("tc", result.Flags.Split(' '));
        Assert.Empty(result.Answers);
        Assert.Equal(60, retried.Answers.Count);
    }

    [Fact]
    public async Task Dig_NameServersConfigured_NsListsEveryEdgeAndEachAnswersItsAddress()
    {
        await using var edges = await DnsServerFixture.StartAsync("127.0.4.7", TestCluster.Topology(2), new Dictionary<string, string?>
        {
            ["Dns:NameServers:0:Name"] = "edge1",
            ["Dns:NameServers:0:Address"] = "10.0.0.31",
            ["Dns:NameServers:1:Name"] = "edge2",
            ["Dns:NameServers:1:Address"] = "10.0.0.32",
        });

        var ns = await Dig.RunAsync(edges.Endpoint, "+noedns", "shares.test", "NS");
        var edge2 = await Dig.RunAsync(edges.Endpoint, "+noedns", "edge2.shares.test", "A");

        output.WriteLine(ns.Output);
        Assert.Equal(["edge1.shares.test.", "edge2.shares.test."], ns.Answers.Select(a => a.Data).Order());
        Assert.Contains("ADDITIONAL: 2", ns.Output, StringComparison.Ordinal);
        Assert.Equal(("A", "10.0.0.32"), (edge2.Answers.Single().Type, edge2.Answers.Single().Data));
    }
}
