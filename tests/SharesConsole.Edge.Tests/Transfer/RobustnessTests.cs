using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using SharesConsole.Edge.Counters;
using SharesConsole.Edge.Tests.Support;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Edge.Tests.Transfer;

public sealed class RobustnessTests
{
    private static readonly IPAddress Client = IPAddress.Parse("127.0.3.140");

    [Theory]
    [MemberData(nameof(EdgeHarness.WebForwarders), MemberType = typeof(EdgeHarness))]
    public async Task WebListener_GarbageAndStalledClients_OthersStillServed(string forwarder)
    {
        await using var edge = await EdgeHarness.StartAsync(await EdgeHarness.NodesAsync(1), EdgeHarness.Web(forwarder));
        using var stalled = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await stalled.ConnectAsync(edge.WebUrl.Host, edge.WebUrl.Port).WaitAsync("the stalled client's connect");
        using var garbage = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await garbage.ConnectAsync(edge.WebUrl.Host, edge.WebUrl.Port).WaitAsync("the garbage client's connect");
        await Clients.SendAsync(garbage, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray());

        using var http = Clients.Http(edge.WebUrl);

        Assert.Equal("node-a", await http.GetStringBoundedAsync("/name"));
        var buffer = new byte[1024];
        var answer = await garbage.ReceiveAsync(buffer, SocketFlags.None).WaitAsync("the edge's answer to garbage");
        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", Encoding.ASCII.GetString(buffer, 0, answer), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EdgeHarness.WebForwarders), MemberType = typeof(EdgeHarness))]
    public async Task WebForwarder_BackendResetsMidResponse_ClientSeesErrorAndEdgeKeepsServing(string forwarder)
    {
        await using var edge = await EdgeHarness.StartAsync(await EdgeHarness.NodesAsync(1), EdgeHarness.Web(forwarder));
        using var http = Clients.Http(edge.WebUrl);

        await Assert.ThrowsAsync<HttpRequestException>(async () => await http.GetByteArrayAsync("/reset").WaitAsync("GET /reset"));

        Assert.Equal("node-a", await http.GetStringBoundedAsync("/name"));
        // The proxy books the failure when it gives up on the response, just after the client saw it break.
        Func<long> errors = () => edge.Counters.Snapshot().Single(s => s.Node == "node-a" && s.Protocol == EdgeProtocol.Web).Errors;
        await Poll.UntilAsync(() => errors() > 0, "the broken response is counted");
        Assert.Equal(1, errors());
    }

    [Fact]
    public async Task TcpListener_GarbageAndStalledClient_StalledClosedAtIdleTimeoutOthersServed()
    {
        // The idle timeout passes only when the test advances the clock, so a slow echo can never be cut.
        var time = new FakeTimeProvider();
        await using var edge = await EdgeHarness.StartAsync(
            await EdgeHarness.NodesAsync(1), new Dictionary<string, string?> { ["Edge:TcpIdleTimeout"] = "00:01:00" }, time: time);
        var (_, stalled) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, Client);
        using (stalled)
        {
            var (_, garbage) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, Client);
            using (garbage)
            {
                var noise = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 13)).ToArray();
                var sending = Clients.SendAsync(garbage, noise);
                var echoed = new List<byte>();
                var buffer = new byte[65536];
                while (echoed.Count < noise.Length)
                {
                    var read = await garbage.ReceiveAsync(buffer, SocketFlags.None).WaitAsync("the echo of 100 KB through the edge");
                    Assert.NotEqual(0, read);
                    echoed.AddRange(buffer.AsSpan(0, read));
                }

                await sending;
                Assert.Equal(noise, echoed);
            }

            time.Advance(TimeSpan.FromSeconds(59));
            await Clients.SendAsync(stalled, "just in time\n"u8.ToArray());
            Assert.Equal("just in time", await Clients.ReadLineAsync(stalled));

            var closed = Clients.AssertClosedByPeerAsync(stalled, "the edge closes the stalled session at the idle timeout");
            await Poll.AdvancingUntilAsync(time, TimeSpan.FromSeconds(61), () => closed.IsCompleted, "the stalled session idles out");
            await closed;
        }

        var (node, fresh) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, Client);
        fresh.Dispose();
        Assert.Equal("node-a", node);
    }

    [Fact]
    public async Task TcpSession_ClientHalfCloses_ReplyStillArrives()
    {
        await using var edge = await EdgeHarness.StartAsync(await EdgeHarness.NodesAsync(1));
        var (_, socket) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, Client);
        using (socket)
        {
            await Clients.SendAsync(socket, "last words"u8.ToArray());
            socket.Shutdown(SocketShutdown.Send);

            var received = new List<byte>();
            var buffer = new byte[64];
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None).WaitAsync("the echo and the end of stream after a half-close")) > 0)
            {
                received.AddRange(buffer.AsSpan(0, read).ToArray());
            }

            Assert.Equal("last words", System.Text.Encoding.ASCII.GetString([.. received]));
        }
    }

    [Fact]
    public async Task UdpListener_EmptyAndMaximumDatagrams_DroppedOrForwardedAndOthersServed()
    {
        await using var edge = await EdgeHarness.StartAsync(await EdgeHarness.NodesAsync(1));
        using var udp = Clients.UdpFrom(Client);

        await udp.SendToAsync(Array.Empty<byte>(), SocketFlags.None, edge.UdpEndpoint).WaitAsync("sending an empty datagram");
        var largest = new byte[65507];
        var reply = await Clients.UdpRoundTripAsync(udp, edge.UdpEndpoint, largest);

        Assert.StartsWith("node-a|", reply);
        Assert.Equal("node-a|ok", await Clients.UdpRoundTripAsync(udp, edge.UdpEndpoint, "ok"u8.ToArray()));
        await Poll.UntilAsync(() => Dropped(edge, EdgeProtocol.Fasp) > 0, "the empty datagram is counted as dropped");
        Assert.Equal(1, Dropped(edge, EdgeProtocol.Fasp));
    }

    /// <summary>Datagrams and connections the edge turned away before any node.</summary>
    private static long Dropped(EdgeHarness edge, EdgeProtocol protocol) =>
        edge.Counters.Snapshot().SingleOrDefault(s => s.Node == EdgeCounters.NoNode && s.Protocol == protocol)?.Errors ?? 0;

    [Fact]
    public async Task UdpFlow_IdleTimeout_FlowClosedAndNextDatagramOpensNewFlow()
    {
        // The idle timeout passes only when the test advances the clock: a resent datagram reuses the live flow.
        var time = new FakeTimeProvider();
        await using var edge = await EdgeHarness.StartAsync(
            await EdgeHarness.NodesAsync(1), new Dictionary<string, string?> { ["Edge:UdpIdleTimeout"] = "00:01:00" }, time: time);
        using var udp = Clients.UdpFrom(Client);
        Assert.Equal("node-a|1", await Clients.UdpRoundTripAsync(udp, edge.UdpEndpoint, "1"u8.ToArray()));
        Assert.Equal(1, FaspFlows(edge));

        await Poll.AdvancingUntilAsync(time, TimeSpan.FromSeconds(61), () => edge.Transfer.UdpFlowCount == 0, "the idle flow closes");

        Assert.Equal("node-a|2", await Clients.UdpRoundTripAsync(udp, edge.UdpEndpoint, "2"u8.ToArray()));
        Assert.Equal(2, FaspFlows(edge));
    }

    private static long FaspFlows(EdgeHarness edge) =>
        edge.Counters.Snapshot().Single(s => s.Node == "node-a" && s.Protocol == EdgeProtocol.Fasp).Requests;

    [Fact]
    public async Task TcpListener_ConnectionLimitReached_ExtraClientDropped()
    {
        await using var edge = await EdgeHarness.StartAsync(
            await EdgeHarness.NodesAsync(1), new Dictionary<string, string?> { ["Edge:MaxTcpConnections"] = "1" });
        var (_, first) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, Client);
        using (first)
        {
            using var second = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await second.ConnectAsync(edge.TcpEndpoint).WaitAsync("the extra client's connect");

            await Clients.AssertClosedByPeerAsync(second, "the edge drops the client over the limit");
            Assert.Equal(1, Dropped(edge, EdgeProtocol.Ssh));
        }
    }
}
