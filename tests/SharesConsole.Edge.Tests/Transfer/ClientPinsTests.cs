using System.Net;
using Microsoft.Extensions.Time.Testing;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Tests.Support;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Edge.Tests.Transfer;

/// <summary>A client's live FASP flow keeps its new SSH sessions on the same node, even after a node rejoins.</summary>
public sealed class ClientPinsTests
{
    [Fact]
    public async Task NodeRejoins_ClientWithLiveFlowStaysUntilItsSessionsEnd_ThenHashWins()
    {
        // The flow idles out only when the test advances the clock, so it lives for as long as the test needs it.
        var time = new FakeTimeProvider();
        await using var edge = await EdgeHarness.StartAsync(
            await EdgeHarness.NodesAsync(2), new Dictionary<string, string?> { ["Edge:UdpIdleTimeout"] = "00:01:00" }, time: time);
        var client = IPAddress.Parse("127.0.13.77");
        var (home, first) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, client);
        first.Dispose();
        await Poll.UntilAsync(() => edge.Pins.Count == 0, "the first session's pin ends with it");
        var other = home == "node-a" ? "node-b" : "node-a";

        edge.SetIntent(home, OperatorIntent.Drained);
        using var udp = Clients.UdpFrom(client);
        Assert.Equal($"{other}|away", await Clients.UdpRoundTripAsync(udp, edge.UdpEndpoint, "away"u8.ToArray()));
        edge.SetIntent(home, OperatorIntent.None);

        var (whileFlowLives, second) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, client);
        second.Dispose();
        Assert.Equal(other, whileFlowLives);
        Assert.Equal($"{other}|still", await Clients.UdpRoundTripAsync(udp, edge.UdpEndpoint, "still"u8.ToArray()));

        Assert.Equal(1, edge.Transfer.UdpFlowCount);

        await Poll.AdvancingUntilAsync(
            time, TimeSpan.FromSeconds(61), () => edge.Transfer.UdpFlowCount == 0 && edge.Pins.Count == 0, "the flow idles out and the pin ends");
        var (afterwards, third) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, client);
        third.Dispose();
        Assert.Equal(home, afterwards);
    }

    [Fact]
    public async Task PinnedNodeLeavesPool_NewSessionsRepinToSurvivor()
    {
        await using var edge = await EdgeHarness.StartAsync(await EdgeHarness.NodesAsync(2));
        var client = IPAddress.Parse("127.0.13.78");
        using var udp = Clients.UdpFrom(client);
        var home = (await Clients.UdpRoundTripAsync(udp, edge.UdpEndpoint, "x"u8.ToArray())).Split('|')[0];
        var other = home == "node-a" ? "node-b" : "node-a";

        await edge.Nodes.Single(n => n.Definition.Name == home).Tcp!.DisposeAsync().WaitAsync($"{home}'s SSH server stops");
        await Poll.UntilAsync(() => !edge.InPool(home, PoolKind.Transfer), "the pinned node leaves the pool");

        var (now, socket) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, client);
        socket.Dispose();
        Assert.Equal(other, now);
    }
}
