using System.Net;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Counters;
using SharesConsole.Edge.Tests.Support;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Edge.Tests.Web;

public sealed class WebForwarderTests
{
    [Theory]
    [MemberData(nameof(EdgeHarness.WebForwarders), MemberType = typeof(EdgeHarness))]
    public async Task HandleAsync_TwoHealthyNodes_SpreadsRequestsOverBoth(string forwarder)
    {
        await using var edge = await EdgeHarness.StartAsync(await EdgeHarness.NodesAsync(2), EdgeHarness.Web(forwarder));
        using var http = Clients.Http(edge.WebUrl);

        var names = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            names.Add(await http.GetStringBoundedAsync("/name"));
        }

        Assert.Equal(["node-a", "node-b"], names.Distinct().Order());
    }

    [Theory]
    [MemberData(nameof(EdgeHarness.WebForwarders), MemberType = typeof(EdgeHarness))]
    public async Task HandleAsync_CookieAffinity_KeepsClientOnFirstNode(string forwarder)
    {
        await using var edge = await EdgeHarness.StartAsync(
            await EdgeHarness.NodesAsync(2), EdgeHarness.Web(forwarder, ("Edge:CookieAffinity", "true")));
        using var http = Clients.Http(edge.WebUrl, cookies: true);

        var first = await http.GetStringBoundedAsync("/name");
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(first, await http.GetStringBoundedAsync("/name"));
        }
    }

    [Theory]
    [MemberData(nameof(EdgeHarness.WebForwarders), MemberType = typeof(EdgeHarness))]
    public async Task HandleAsync_NodeKilledMidRun_NoClientErrorAndNodeLeavesPool(string forwarder)
    {
        await using var edge = await EdgeHarness.StartAsync(await EdgeHarness.NodesAsync(2), EdgeHarness.Web(forwarder));
        using var http = Clients.Http(edge.WebUrl);
        using (var before = await http.GetBoundedAsync("/name"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await edge.Nodes[0].KillAsync();
        var statuses = new List<HttpStatusCode>();
        var served = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            using var response = await http.GetBoundedAsync("/name");
            statuses.Add(response.StatusCode);
            served.Add(await response.Content.ReadAsStringAsync().WaitAsync("the body of GET /name"));
        }

        await Poll.UntilAsync(() => !edge.InPool("node-a", PoolKind.Web), "node-a leaves the web pool");
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.All(served, s => Assert.Equal("node-b", s));
    }

    [Theory]
    [MemberData(nameof(EdgeHarness.WebForwarders), MemberType = typeof(EdgeHarness))]
    public async Task HandleAsync_NoHealthyNode_Returns503(string forwarder)
    {
        var nodes = await EdgeHarness.NodesAsync(1);
        await using var edge = await EdgeHarness.StartAsync(nodes, EdgeHarness.Web(forwarder));
        edge.SetIntent("node-a", OperatorIntent.Maintenance);
        using var http = Clients.Http(edge.WebUrl);

        using var response = await http.GetBoundedAsync("/name");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(EdgeHarness.WebForwarders), MemberType = typeof(EdgeHarness))]
    public async Task HandleAsync_Requests_CountedPerNodeAndStatusClass(string forwarder)
    {
        await using var edge = await EdgeHarness.StartAsync(await EdgeHarness.NodesAsync(1), EdgeHarness.Web(forwarder));
        using var http = Clients.Http(edge.WebUrl);
        for (var i = 0; i < 5; i++)
        {
            await http.GetStringBoundedAsync("/name");
        }

        // The proxy books a finished request just after the client has its body: wait for the books to close.
        Func<EdgeCounterSnapshot> snapshot = () => edge.Counters.Snapshot().Single(s => s.Node == "node-a" && s.Protocol == EdgeProtocol.Web);
        await Poll.UntilAsync(() => snapshot() is { Responses2xx: 5, OpenConnections: 0 }, "five requests booked");
        var web = snapshot();
        Assert.Equal(5, web.Requests);
        Assert.Equal(5, web.Responses2xx);
        Assert.Equal(5 * "node-a".Length, web.BytesOut);
        Assert.Equal(0, web.OpenConnections);
    }

    [Theory]
    [MemberData(nameof(EdgeHarness.WebForwarders), MemberType = typeof(EdgeHarness))]
    public async Task HandleAsync_HttpsListenerWithGeneratedCertificate_ForwardsToTlsNode(string forwarder)
    {
        // The HTTPS listener takes no port 0; a fixed port would collide with another run of the suite on the same machine.
        var port = Ports.FreeTcp(EdgeHarness.Vip);
        await using var edge = await EdgeHarness.StartAsync(await EdgeHarness.NodesAsync(1, tls: true), EdgeHarness.Web(forwarder), webTlsPort: port);
        using var handler = new SocketsHttpHandler { UseProxy = false };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null;
        using var https = new HttpClient(handler) { BaseAddress = new Uri($"https://{EdgeHarness.Vip}:{port}") };

        Assert.Equal("node-a", await https.GetStringBoundedAsync("/name"));
    }
}
