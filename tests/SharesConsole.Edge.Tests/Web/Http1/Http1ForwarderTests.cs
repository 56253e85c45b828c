using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using SharesConsole.Edge.Tests.Support;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Edge.Tests.Web.Http1;

/// <summary>HTTP/1.1 framing, keep-alive and bad input through the edge's web port, on each forwarder.</summary>
public sealed class Http1ForwarderTests
{
    private static readonly IPAddress Vip = IPAddress.Parse("127.0.3.200");

    private static async Task<EdgeHarness> StartAsync(string forwarder, params (string Key, string? Value)[] settings) =>
        await EdgeHarness.StartAsync(await EdgeHarness.NodesAsync(1, firstAddress: 201), EdgeHarness.Web(forwarder, settings), vip: Vip);

    /// <summary>An edge on a clock that moves only when the test says, so a deadline passes exactly then.</summary>
    private static async Task<EdgeHarness> StartAsync(string forwarder, TimeProvider time, params (string Key, string? Value)[] settings) =>
        await EdgeHarness.StartAsync(await EdgeHarness.NodesAsync(1, firstAddress: 201), EdgeHarness.Web(forwarder, settings), vip: Vip, time: time);

    [Theory]
    [MemberData(nameof(EdgeHarness.WebForwarders), MemberType = typeof(EdgeHarness))]
    public async Task Forward_ChunkedRequestBody_NodeGetsItWhole(string forwarder)
    {
        await using var edge = await StartAsync(forwarder);
        using var http = Clients.Http(edge.WebUrl);
        var data = RandomNumberGenerator.GetBytes(300_000);
        using var content = new StreamContent(new MemoryStream(data)); // no length: sent chunked

        using var response = await http.PostAsync("/echo", content).WaitAsync("POST /echo");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(data, await response.Content.ReadAsByteArrayAsync().WaitAsync("the echoed body"));
    }

    [Theory]
    [MemberData(nameof(EdgeHarness.WebForwarders), MemberType = typeof(EdgeHarness))]
    public async Task Forward_LengthRequestBody_NodeGetsItWholeAndBytesCounted(string forwarder)
    {
        await using var edge = await StartAsync(forwarder);
        using var http = Clients.Http(edge.WebUrl);
        var data = RandomNumberGenerator.GetBytes(100_000);
        using var content = new ByteArrayContent(data);

        using var response = await http.PutAsync("/echo", content).WaitAsync("PUT /echo");

        Assert.Equal(data, await response.Content.ReadAsByteArrayAsync().WaitAsync("the echoed body"));
        await Poll.UntilAsync(() => edge.Counters.Snapshot().Any(s => s.Node == "node-a" && s.BytesIn == data.Length && s.BytesOut == data.Length), "the bytes are counted");
    }

    [Theory]
    [MemberData(nameof(EdgeHarness.WebForwarders), MemberType = typeof(EdgeHarness))]
    public async Task Forward_PipelinedRequestsThenConnectionClose_AllAnsweredThenClosed(string forwarder)
    {
        await using var edge = await StartAsync(forwarder);
        using var raw = await RawHttp.ConnectAsync(edge.WebUrl);

        await raw.SendAsync("GET /length HTTP/1.1\r\nHost: a\r\n\r\nHEAD /length HTTP/1.1\r\nHost: a\r\n\r\nGET /name HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        var first = await raw.ReadResponseAsync();
        var second = await raw.ReadResponseAsync(headRequest: true);
        var third = await raw.ReadResponseAsync();

        Assert.Equal((200, "node-a"), (first.Status, first.Body));
        Assert.Equal((200, "", "6"), (second.Status, second.Body, second.Headers["Content-Length"]));
        Assert.Equal((200, "node-a", "close"), (third.Status, third.Body, third.Headers["Connection"]));
        Assert.True(await raw.ClosedAsync());
    }

    [Theory]
    [MemberData(nameof(EdgeHarness.WebForwarders), MemberType = typeof(EdgeHarness))]
    public async Task Forward_HopByHopHeaders_NodeSeesEndToEndHeadersAndTheClientsHost(string forwarder)
    {
        await using var edge = await StartAsync(forwarder);
        using var raw = await RawHttp.ConnectAsync(edge.WebUrl);

        await raw.SendAsync("GET /request?x=1 HTTP/1.1\r\nHost: shares.test\r\nKeep-Alive: 5\r\nTE: trailers\r\nProxy-Connection: keep-alive\r\nX-Custom: 1\r\n\r\n");
        var response = await raw.ReadResponseAsync();
        var seen = response.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("GET /request?x=1 HTTP/1.1", seen[0]);
        Assert.Contains("Host=shares.test", seen);
        Assert.Contains("X-Custom=1", seen);
        Assert.DoesNotContain(seen, l => l.StartsWith("Keep-Alive=", StringComparison.Ordinal) || l.StartsWith("TE=", StringComparison.Ordinal)
            || l.StartsWith("Proxy-Connection=", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(EdgeHarness.WebForwarders), MemberType = typeof(EdgeHarness))]
    public async Task Forward_Http10Request_Answered(string forwarder)
    {
        await using var edge = await StartAsync(forwarder);
        using var raw = await RawHttp.ConnectAsync(edge.WebUrl);

        await raw.SendAsync("GET /length HTTP/1.1\r\nHost: a\r\n\r\nGET /length HTTP/1.0\r\nHost: a\r\n\r\n");
        var first = await raw.ReadResponseAsync();
        var second = await raw.ReadResponseAsync();

        Assert.Equal((200, "node-a"), (first.Status, first.Body));
        Assert.Equal((200, "node-a"), (second.Status, second.Body));
    }

    [Theory]
    [MemberData(nameof(EdgeHarness.WebForwarders), MemberType = typeof(EdgeHarness))]
    public async Task Forward_HeadOverTheLimit_431AndClose(string forwarder)
    {
        await using var edge = await StartAsync(forwarder);
        using var raw = await RawHttp.ConnectAsync(edge.WebUrl);

        await raw.SendAsync($"GET /name HTTP/1.1\r\nHost: a\r\nX-Big: {new string('x', 70_000)}\r\n\r\n");
        var response = await raw.ReadResponseAsync();

        Assert.Equal(431, response.Status);
        Assert.True(await raw.ClosedAsync());
    }

    [Theory]
    [MemberData(nameof(EdgeHarness.WebForwarders), MemberType = typeof(EdgeHarness))]
    public async Task Forward_GarbageAfterAGoodRequest_GoodAnsweredThen400AndClose(string forwarder)
    {
        await using var edge = await StartAsync(forwarder);
        using var raw = await RawHttp.ConnectAsync(edge.WebUrl);

        await raw.SendAsync("GET /length HTTP/1.1\r\nHost: a\r\n\r\n\u0001\u0002garbage\r\n\r\n");
        var good = await raw.ReadResponseAsync();
        var bad = await raw.ReadResponseAsync();

        Assert.Equal((200, 400), (good.Status, bad.Status));
        Assert.True(await raw.ClosedAsync());
    }

    [Fact]
    public async Task Forward_LengthAndChunkedTogether_400AndClose()
    {
        await using var edge = await StartAsync("Connection");
        using var raw = await RawHttp.ConnectAsync(edge.WebUrl);

        await raw.SendAsync("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        var response = await raw.ReadResponseAsync();

        Assert.Equal(400, response.Status);
        Assert.True(await raw.ClosedAsync());
    }

    [Fact]
    public async Task Forward_HeadNeverFinished_408AndClose()
    {
        // Slowloris: the head deadline ends the connection; a short one keeps the test quick, the outcome is the same.
        await using var edge = await StartAsync("Connection", ("Edge:WebRequestHeadersTimeout", "00:00:00.2"));
        using var raw = await RawHttp.ConnectAsync(edge.WebUrl);

        await raw.SendAsync("GET /name HTTP/1.1\r\nHost: a\r\nX-Slow: ");
        var response = await raw.ReadResponseAsync();

        Assert.Equal(408, response.Status);
        Assert.True(await raw.ClosedAsync());
        using var http = Clients.Http(edge.WebUrl);
        Assert.Equal("node-a", await http.GetStringBoundedAsync("/name"));
    }

    [Theory]
    [MemberData(nameof(EdgeHarness.ConnectionForwarders), MemberType = typeof(EdgeHarness))]
    public async Task Forward_NodeNeverAnswers_504AfterTheResponseTimeoutAndTheEdgeServesOn(string forwarder)
    {
        // A node that takes the request and hangs must not hold the client for ever (YARP's activity timeout, 100 s by default).
        await using var edge = await StartAsync(forwarder, ("Edge:WebResponseTimeout", "00:00:00.3"));
        using var raw = await RawHttp.ConnectAsync(edge.WebUrl);

        await raw.SendAsync("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
        var response = await raw.ReadResponseAsync();

        Assert.Equal(504, response.Status);
        Assert.True(await raw.ClosedAsync());
        using var http = Clients.Http(edge.WebUrl);
        Assert.Equal("node-a", await http.GetStringBoundedAsync("/name"));
    }

    [Theory]
    [MemberData(nameof(EdgeHarness.ConnectionForwarders), MemberType = typeof(EdgeHarness))]
    public async Task Forward_InterimResponseThenTheFinalOneWithinTheDeadline_BothRelayedAndTheConnectionServesOn(string forwarder)
    {
        var time = new FakeTimeProvider();
        await using var edge = await StartAsync(forwarder, time, ("Edge:WebResponseTimeout", "00:00:10"));
        using var raw = await RawHttp.ConnectAsync(edge.WebUrl);

        await raw.SendAsync("GET /hints HTTP/1.1\r\nHost: a\r\n\r\n");
        var hints = await raw.ReadResponseAsync();
        time.Advance(TimeSpan.FromSeconds(9));
        edge.Nodes[0].HintsGate.Release();
        var final = await raw.ReadResponseAsync();
        await raw.SendAsync("GET /length HTTP/1.1\r\nHost: a\r\n\r\n");
        var next = await raw.ReadResponseAsync();

        Assert.Equal((103, "</style.css>; rel=preload"), (hints.Status, hints.Headers["Link"]));
        Assert.Equal((200, "node-a"), (final.Status, final.Body));
        Assert.Equal((200, "node-a"), (next.Status, next.Body));
    }

    [Theory]
    [MemberData(nameof(EdgeHarness.ConnectionForwarders), MemberType = typeof(EdgeHarness))]
    public async Task Forward_InterimResponsesThenSilence_TheDeadlineFromTheRequestEndsTheConnection(string forwarder)
    {
        // An interim response is relayed at once but does not move the deadline: a node cannot hold the client with 103s.
        var time = new FakeTimeProvider();
        await using var edge = await StartAsync(forwarder, time, ("Edge:WebResponseTimeout", "00:00:10"));
        using var raw = await RawHttp.ConnectAsync(edge.WebUrl);

        await raw.SendAsync("GET /hints-twice HTTP/1.1\r\nHost: a\r\n\r\n");
        var first = await raw.ReadResponseAsync();
        time.Advance(TimeSpan.FromSeconds(6));
        edge.Nodes[0].HintsGate.Release();
        var second = await raw.ReadResponseAsync();
        time.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal((103, 103), (first.Status, second.Status));
        Assert.True(await raw.ClosedAsync());
        await Poll.UntilAsync(() => edge.Counters.Snapshot().Any(s => s.Node == "node-a" && s.Errors == 1), "the node's timeout is counted");
    }

    [Theory]
    [MemberData(nameof(EdgeHarness.ConnectionForwarders), MemberType = typeof(EdgeHarness))]
    public async Task Forward_ResponseArrivesAsTheDeadlineFires_504AndCloseOrTheWholeResponseAndTheConnectionServesOn(string forwarder)
    {
        // The deadline fires on the test's thread as the node's answer travels, from 0 to 2 ms after it was let go: whichever
        // wins, the client gets one whole answer, no canceled read of the node reaches a body, and no firing of the
        // response deadline that ran late ends the keep-alive wait that followed.
        var time = new FakeTimeProvider();
        await using var edge = await StartAsync(forwarder, time, ("Edge:WebResponseTimeout", "00:00:01"));
        var node = edge.Nodes[0];
        for (var round = 0; round < 100; round++)
        {
            using var raw = await RawHttp.ConnectAsync(edge.WebUrl);
            await raw.SendAsync("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
            var sent = round + 1;
            await Poll.UntilAsync(() => Volatile.Read(ref node.SlowInFlight) == sent, "the node has the request");

            node.SlowGate.Release();
            var until = Stopwatch.GetTimestamp() + (round % 20 * Stopwatch.Frequency / 10_000);
            while (Stopwatch.GetTimestamp() < until)
            {
            }

            time.Advance(TimeSpan.FromSeconds(1));
            var response = await raw.ReadResponseAsync();

            if (response.Status == 504)
            {
                Assert.True(await raw.ClosedAsync());
                continue;
            }

            Assert.Equal((200, "node-a"), (response.Status, response.Body));
            await raw.SendAsync("GET /length HTTP/1.1\r\nHost: a\r\n\r\n");
            var next = await raw.ReadResponseAsync();
            Assert.Equal((200, "node-a"), (next.Status, next.Body));
        }
    }

    [Fact]
    public async Task Forward_BadChunkedBody_NodeDoesNotGetItAndClientConnectionEnds()
    {
        await using var edge = await StartAsync("Connection");
        using var raw = await RawHttp.ConnectAsync(edge.WebUrl);

        await raw.SendAsync("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n");

        try
        {
            var response = await raw.ReadResponseAsync();
            Assert.NotEqual(200, response.Status);
        }
        catch (IOException)
        {
            // The edge broke the connection off before any response: as good.
        }

        Assert.True(await raw.ClosedAsync());
    }

    [Theory]
    [MemberData(nameof(EdgeHarness.WebForwarders), MemberType = typeof(EdgeHarness))]
    public async Task Forward_Http2PriorKnowledge_HandedToKestrelWhichAsksForHttp11(string forwarder)
    {
        // The plain port speaks HTTP/1.1; Kestrel, not the connection forwarder, gives HTTP/2 clients the clear answer.
        await using var edge = await StartAsync(forwarder);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = edge.WebUrl,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        // Kestrel sends GOAWAY HTTP_1_1_REQUIRED and closes; on a loaded machine the client may see only the close.
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/name").WaitAsync("GET /name over h2c"));

        using var http11 = Clients.Http(edge.WebUrl);
        Assert.Equal("node-a", await http11.GetStringBoundedAsync("/name"));
    }
}
