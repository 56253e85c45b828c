using System.Net;
using SharesConsole.Edge.Counters;
using SharesConsole.Edge.Tests.Support;
using SharesConsole.Edge.Transfer;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Edge.Tests.Transfer;

/// <summary>One client address cannot take every connection or flow slot of the edge (issue #18, finding 7).</summary>
public sealed class SourceLimitTests
{
    private static readonly IPAddress Greedy = IPAddress.Parse("127.0.3.150");
    private static readonly IPAddress Other = IPAddress.Parse("127.0.3.151");

    [Fact]
    public async Task Tcp_SourceAtItsLimit_NextConnectionClosedOtherSourcesServedAndTheSlotComesBack()
    {
        await using var edge = await EdgeHarness.StartAsync(
            await EdgeHarness.NodesAsync(1), new Dictionary<string, string?> { ["Edge:MaxTcpConnectionsPerSource"] = "2" });
        var (_, first) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, Greedy);
        var (_, second) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, Greedy);
        using (second)
        {
            var (greeting, third) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, Greedy);
            using (third)
            {
                Assert.Equal("", greeting);   // closed by the edge before any node spoke
            }

            var (node, other) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, Other);
            other.Dispose();
            Assert.Equal("node-a", node);
            Assert.Equal(2, edge.TransferContext.TcpConnectionsOf(Greedy));

            first.Dispose();
            await Poll.UntilAsync(() => edge.TransferContext.TcpConnectionsOf(Greedy) == 1, "the closed session to give its slot back");
            var (again, fourth) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, Greedy);
            fourth.Dispose();
            Assert.Equal("node-a", again);
        }
    }

    [Fact]
    public async Task Udp_SourceAtItsFlowLimit_NewPortsDroppedOtherSourcesServed()
    {
        await using var edge = await EdgeHarness.StartAsync(
            await EdgeHarness.NodesAsync(1), new Dictionary<string, string?> { ["Edge:MaxUdpFlowsPerSource"] = "2" });
        using var a = Clients.UdpFrom(Greedy);
        using var b = Clients.UdpFrom(Greedy);
        using var c = Clients.UdpFrom(Greedy);
        using var other = Clients.UdpFrom(Other);
        Assert.StartsWith("node-a|", await Clients.UdpRoundTripAsync(a, edge.UdpEndpoint, "one"u8.ToArray()), StringComparison.Ordinal);
        Assert.StartsWith("node-a|", await Clients.UdpRoundTripAsync(b, edge.UdpEndpoint, "two"u8.ToArray()), StringComparison.Ordinal);

        await c.SendToAsync("three"u8.ToArray(), System.Net.Sockets.SocketFlags.None, edge.UdpEndpoint).WaitAsync("a datagram from a third port");
        await Poll.UntilAsync(
            () => edge.Counters.Snapshot().SingleOrDefault(s => s.Node == EdgeCounters.NoNode && s.Protocol == EdgeProtocol.Fasp)?.Errors == 1,
            "the third flow of the address to be refused and counted");

        Assert.StartsWith("node-a|", await Clients.UdpRoundTripAsync(other, edge.UdpEndpoint, "four"u8.ToArray()), StringComparison.Ordinal);
        Assert.Equal(2, edge.TransferContext.UdpFlowsOf(Greedy));
        Assert.Equal(0, c.Available);
    }

    [Fact]
    public void PerSourceLimit_EnterAndLeave_CountsPerAddressIncludingMappedIpv6()
    {
        var limit = new PerSourceLimit(2);
        var v4 = IPAddress.Parse("192.0.2.7");

        Assert.True(limit.TryEnter(v4));
        Assert.True(limit.TryEnter(v4.MapToIPv6()));
        Assert.False(limit.TryEnter(v4));
        Assert.True(limit.TryEnter(IPAddress.Parse("192.0.2.8")));
        limit.Leave(v4);
        limit.Leave(v4);

        Assert.Equal(0, limit.CountOf(v4));
        Assert.Equal(1, limit.Sources);
    }
}
