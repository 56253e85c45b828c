using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using SharesConsole.Edge.Tests.Support;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Edge.Tests.Web.Transport;

/// <summary>
/// What the socket layer under the web port must hold whichever does it (the edge's epoll loop or Kestrel's sockets): big
/// bodies through full socket buffers and paused pipes, many connections at once, and clients that vanish mid-body.
/// </summary>
public sealed class LoopTransportTests
{
    private static readonly IPAddress Vip = IPAddress.Parse("127.0.3.130");

    public static TheoryData<string> Transports => ["Connection", "Connection+Sockets"];

    private static async Task<EdgeHarness> StartAsync(string forwarder) =>
        await EdgeHarness.StartAsync(await EdgeHarness.NodesAsync(1, firstAddress: 131), EdgeHarness.Web(forwarder), vip: Vip);

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Forward_ResponseOf48MiB_ArrivesWholeAndInOrder(string forwarder)
    {
        const long Size = 48L * 1024 * 1024;
        await using var edge = await StartAsync(forwarder);
        using var http = Clients.Http(edge.WebUrl);

        using var response = await http.GetAsync($"/bytes?n={Size}", HttpCompletionOption.ResponseHeadersRead).WaitAsync("GET /bytes");
        await using var body = await response.Content.ReadAsStreamAsync().WaitAsync("the body stream");
        var piece = FakeNode.Pattern(64 * 1024);
        var buffer = new byte[100_000]; // not a multiple of the node's pieces: reads straddle them
        long offset = 0;
        var mismatch = -1L;
        int read;
        while ((read = await body.ReadAsync(buffer).AsTask().WaitAsync("a piece of the body")) > 0)
        {
            for (var i = 0; i < read && mismatch < 0; i++)
            {
                if (buffer[i] != piece[(offset + i) % piece.Length])
                {
                    mismatch = offset + i;
                }
            }

            offset += read;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((Size, -1L), (offset, mismatch));
        await Poll.UntilAsync(() => edge.Counters.Snapshot().Any(s => s.Node == "node-a" && s.BytesOut == Size), "the bytes are counted");
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Forward_16MiBEchoedWhileItIsSent_NodeAndClientGetEveryByte(string forwarder)
    {
        await using var edge = await StartAsync(forwarder);
        using var http = Clients.Http(edge.WebUrl);
        var data = RandomNumberGenerator.GetBytes(16 * 1024 * 1024);
        using var request = new HttpRequestMessage(HttpMethod.Put, "/echo") { Content = new ByteArrayContent(data) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var response = await http.SendAsync(request).WaitAsync("PUT /echo of 16 MiB");
        var echoed = await response.Content.ReadAsByteArrayAsync().WaitAsync("the echoed body");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(echoed));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Forward_200ConnectionsAtOnce_EachGetsItsAnswers(string forwarder)
    {
        await using var edge = await StartAsync(forwarder);
        var clients = Enumerable.Range(0, 200).Select(async _ =>
        {
            using var http = Clients.Http(edge.WebUrl);
            var names = new List<string>();
            for (var i = 0; i < 5; i++)
            {
                names.Add(await http.GetStringAsync("/length"));
            }

            return names;
        });

        var answers = await Task.WhenAll(clients).WaitAsync("200 clients, 5 requests each");

        Assert.All(answers.SelectMany(a => a), name => Assert.Equal("node-a", name));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Forward_ClientGoneMidDownload_TheEdgeLetsGoAndServesOn(string forwarder)
    {
        await using var edge = await StartAsync(forwarder);
        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync(edge.WebUrl.Host, edge.WebUrl.Port).WaitAsync("connect to the edge");
            await socket.SendAsync("GET /bytes?n=1073741824 HTTP/1.1\r\nHost: a\r\n\r\n"u8.ToArray()).WaitAsync("send the request");
            var first = new byte[64 * 1024];
            Assert.True(await socket.ReceiveAsync(first.AsMemory()).AsTask().WaitAsync("the first bytes of a 1 GiB body") > 0);
            socket.LingerState = new LingerOption(true, 0); // a reset, not a polite close
        }

        // The reset reaches the edge as a failed send (counted) or as the connection's close (not a node's fault): either way it lets go.
        await Poll.UntilAsync(() => edge.Counters.Snapshot().Any(s => s.Node == "node-a" && s.Requests == 1 && s.OpenConnections == 0), "the broken download ends at the edge");
        using var http = Clients.Http(edge.WebUrl);
        Assert.Equal("node-a", await http.GetStringAsync("/length").WaitAsync("a request after the reset"));
    }
}
