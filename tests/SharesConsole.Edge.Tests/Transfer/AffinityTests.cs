using System.Net;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Tests.Support;

namespace SharesConsole.Edge.Tests.Transfer;

public sealed class AffinityTests
{
    private static IEnumerable<IPAddress> ClientAddresses() =>
        Enumerable.Range(100, 20).Select(i => IPAddress.Parse($"127.0.3.{i}"))
            .Concat(Enumerable.Range(1, 20).Select(i => IPAddress.Parse($"127.0.13.{i}")));

    [Fact]
    public async Task TcpAndUdp_ManyClientAddresses_SameClientReachesSameNode()
    {
        await using var edge = await EdgeHarness.StartAsync(await EdgeHarness.NodesAsync(3));
        var chosen = new Dictionary<IPAddress, string>();
        foreach (var client in ClientAddresses())
        {
            var (tcpNode, socket) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, client);
            using (socket)
            using (var udp = Clients.UdpFrom(client))
            {
                var reply = await Clients.UdpRoundTripAsync(udp, edge.UdpEndpoint, "hello"u8.ToArray());
                Assert.Equal($"{tcpNode}|hello", reply);

                var (again, second) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, client);
                second.Dispose();
                Assert.Equal(tcpNode, again);
            }

            chosen[client] = tcpNode;
        }

        // The rendezvous hash is deterministic: these 40 addresses land on every one of the three nodes.
        Assert.Equal(["node-a", "node-b", "node-c"], chosen.Values.Distinct().Order());
    }

    [Fact]
    public async Task Transfer_NodeDrained_OnlyItsClientsMove()
    {
        await using var edge = await EdgeHarness.StartAsync(await EdgeHarness.NodesAsync(3));
        var before = new Dictionary<IPAddress, string>();
        foreach (var client in ClientAddresses())
        {
            var (node, socket) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, client);
            socket.Dispose();
            before[client] = node;
        }

        Assert.Contains("node-b", before.Values);
        edge.SetIntent("node-b", Core.Cluster.OperatorIntent.Drained);

        foreach (var (client, was) in before)
        {
            var (now, socket) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, client);
            socket.Dispose();
            if (was == "node-b")
            {
                Assert.NotEqual("node-b", now);
            }
            else
            {
                Assert.Equal(was, now);
            }
        }
    }
}
