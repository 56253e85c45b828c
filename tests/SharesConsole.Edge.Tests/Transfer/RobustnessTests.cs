using System.Net;
using System.Net.Sockets;
using SharesConsole.Edge.Counters;
using SharesConsole.Edge.Tests.Support;

namespace SharesConsole.Edge.Tests.Transfer;

public sealed class RobustnessTests
{
    private static readonly IPAddress Client = IPAddress.Parse("127.0.3.140");

    [Fact]
    public async Task WebListener_GarbageAndStalledClients_OthersStillServed()
    {
        await using var edge = await EdgeHarness.StartAsync(await EdgeHarness.NodesAsync(1));
        using var stalled = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await stalled.ConnectAsync(edge.WebUrl.Host, edge.WebUrl.Port);
        using var garbage = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await garbage.ConnectAsync(edge.WebUrl.Host, edge.WebUrl.Port);
        await garbage.SendAsync(Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray(), SocketFlags.None);

        using var http = Clients.Http(edge.WebUrl);

        Assert.Equal("node-a", await http.GetStringAsync("/name"));
        var buffer = new byte[1024];
        using var cap = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var answer = await garbage.ReceiveAsync(buffer, SocketFlags.None, cap.Token);
        Assert.True(answer == 0 || System.Text.Encoding.ASCII.GetString(buffer, 0, answer).StartsWith("HTTP/1.1 400", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WebForwarder_BackendResetsMidResponse_ClientSeesErrorAndEdgeKeepsServing()
    {
        await using var edge = await EdgeHarness.StartAsync(await EdgeHarness.NodesAsync(1));
        using var http = Clients.Http(edge.WebUrl);

        await Assert.ThrowsAnyAsync<Exception>(async () => await http.GetByteArrayAsync("/reset"));

        Assert.Equal("node-a", await http.GetStringAsync("/name"));
        var web = edge.Counters.Snapshot().Single(s => s.Node == "node-a" && s.Protocol == EdgeProtocol.Web);
        Assert.True(web.Errors >= 1);
    }

    [Fact]
    public async Task TcpListener_GarbageAndStalledClient_StalledClosedAtIdleTimeoutOthersServed()
    {
        await using var edge = await EdgeHarness.StartAsync(
            await EdgeHarness.NodesAsync(1), new Dictionary<string, string?> { ["Edge:TcpIdleTimeout"] = "00:00:00.300" });
        var (_, stalled) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, Client);
        using (stalled)
        {
            var (_, garbage) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, Client);
            using (garbage)
            {
                var noise = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 13)).ToArray();
                await garbage.SendAsync(noise, SocketFlags.None);
                var echoed = 0;
                var buffer = new byte[65536];
                while (echoed < noise.Length)
                {
                    var read = await garbage.ReceiveAsync(buffer, SocketFlags.None);
                    Assert.NotEqual(0, read);
                    echoed += read;
                }

                Assert.Equal(noise.Length, echoed);
            }

            using var cap = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var end = await Record.ExceptionAsync(async () => Assert.Equal(0, await stalled.ReceiveAsync(new byte[16], SocketFlags.None, cap.Token)));
            Assert.True(end is null or SocketException, end?.ToString());
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
            await socket.SendAsync("last words"u8.ToArray(), SocketFlags.None);
            socket.Shutdown(SocketShutdown.Send);

            var received = new List<byte>();
            var buffer = new byte[64];
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
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

        await udp.SendToAsync(Array.Empty<byte>(), SocketFlags.None, edge.UdpEndpoint);
        var largest = new byte[65507];
        var reply = await Clients.UdpRoundTripAsync(udp, edge.UdpEndpoint, largest);

        Assert.StartsWith("node-a|", reply);
        Assert.Equal("node-a|ok", await Clients.UdpRoundTripAsync(udp, edge.UdpEndpoint, "ok"u8.ToArray()));
        await Wait.UntilAsync(
            () => edge.Counters.Snapshot().Any(s => s.Node == EdgeCounters.NoNode && s.Protocol == EdgeProtocol.Fasp && s.Errors >= 1),
            "the empty datagram is counted as dropped");
    }

    [Fact]
    public async Task UdpFlow_IdleTimeout_FlowClosedAndNextDatagramOpensNewFlow()
    {
        await using var edge = await EdgeHarness.StartAsync(
            await EdgeHarness.NodesAsync(1), new Dictionary<string, string?> { ["Edge:UdpIdleTimeout"] = "00:00:00.200" });
        using var udp = Clients.UdpFrom(Client);
        Assert.Equal("node-a|1", await Clients.UdpRoundTripAsync(udp, edge.UdpEndpoint, "1"u8.ToArray()));

        await Wait.UntilAsync(() => edge.Transfer.UdpFlowCount == 0, "the idle flow closes");
        var before = FaspFlows(edge);

        Assert.Equal("node-a|2", await Clients.UdpRoundTripAsync(udp, edge.UdpEndpoint, "2"u8.ToArray()));

        // A retry on a loaded machine may open more flows than datagrams the test meant to send; count relative.
        Assert.True(before >= 1, "the first datagram opened a flow");
        Assert.True(FaspFlows(edge) > before, "the datagram after the idle timeout opened a new flow");
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
            await second.ConnectAsync(edge.TcpEndpoint);
            using var cap = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var end = await Record.ExceptionAsync(async () => Assert.Equal(0, await second.ReceiveAsync(new byte[16], SocketFlags.None, cap.Token)));
            Assert.True(end is null or SocketException, end?.ToString());
        }
    }
}
