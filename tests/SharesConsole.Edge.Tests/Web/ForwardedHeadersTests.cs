using SharesConsole.Edge.Tests.Support;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Edge.Tests.Web;

/// <summary>What the Shares nodes learn about the client (issue #18, finding 7).</summary>
public sealed class ForwardedHeadersTests
{
    [Theory]
    [MemberData(nameof(EdgeHarness.WebForwarders), MemberType = typeof(EdgeHarness))]
    public async Task Forward_ClientSendsItsOwnForwardedHeaders_NodeSeesTheRealClientOnly(string forwarder)
    {
        await using var edge = await EdgeHarness.StartAsync(await EdgeHarness.NodesAsync(1), EdgeHarness.Web(forwarder));
        using var http = Clients.Http(edge.WebUrl);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/forwarded");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.66");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", "evil.example");
        request.Headers.TryAddWithoutValidation("Forwarded", "for=203.0.113.66");

        var seen = await SendAsync(http, request);

        Assert.Equal("127.0.0.1", seen["X-Forwarded-For"]);
        Assert.Equal("http", seen["X-Forwarded-Proto"]);
        Assert.Equal($"{edge.WebUrl.Host}:{edge.WebUrl.Port}", seen["X-Forwarded-Host"]);
        Assert.Equal("", seen["Forwarded"]);
    }

    [Theory]
    [MemberData(nameof(EdgeHarness.WebForwarders), MemberType = typeof(EdgeHarness))]
    public async Task Forward_FromATrustedProxy_ItsForwardedForIsExtended(string forwarder)
    {
        await using var edge = await EdgeHarness.StartAsync(
            await EdgeHarness.NodesAsync(1), EdgeHarness.Web(forwarder, ("Edge:TrustedProxies:0", "127.0.0.0/8")));
        using var http = Clients.Http(edge.WebUrl);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/forwarded");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "198.51.100.7");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", "shares.example.com");

        var seen = await SendAsync(http, request);

        Assert.Equal("198.51.100.7, 127.0.0.1", seen["X-Forwarded-For"]);
        Assert.Equal("https", seen["X-Forwarded-Proto"]);
        Assert.Equal("shares.example.com", seen["X-Forwarded-Host"]);
    }

    private static async Task<Dictionary<string, string>> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request).WaitAsync("GET /forwarded through the edge");
        var body = await response.Content.ReadAsStringAsync().WaitAsync("the body of GET /forwarded");
        return body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
    }
}
