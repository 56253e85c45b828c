using System.Net;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Tests.Support;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Edge.Tests.Health;

public sealed class HealthMonitorTests
{
    [Fact]
    public async Task Probes_TransferBackendKilled_NodeLeavesTransferPoolAndClientsMove()
    {
        await using var edge = await EdgeHarness.StartAsync(await EdgeHarness.NodesAsync(2));
        var clients = Enumerable.Range(130, 12).Select(i => IPAddress.Parse($"127.0.3.{i}")).ToList();
        var victims = new List<IPAddress>();
        foreach (var client in clients)
        {
            var (node, socket) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, client);
            socket.Dispose();
            if (node == "node-a")
            {
                victims.Add(client);
            }
        }

        Assert.NotEmpty(victims);
        await edge.Nodes[0].Tcp!.DisposeAsync().WaitAsync("node-a's SSH server stops");
        await Poll.UntilAsync(() => !edge.InPool("node-a", PoolKind.Transfer), "node-a leaves the transfer pool");

        Assert.True(edge.InPool("node-a", PoolKind.Web));
        foreach (var client in victims)
        {
            var (node, socket) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, client);
            socket.Dispose();
            Assert.Equal("node-b", node);
            using var udp = Clients.UdpFrom(client);
            Assert.Equal("node-b|x", await Clients.UdpRoundTripAsync(udp, edge.UdpEndpoint, "x"u8.ToArray()));
        }
    }

    [Fact]
    public async Task Probes_NodeComesBack_RejoinsPool()
    {
        await using var edge = await EdgeHarness.StartAsync(await EdgeHarness.NodesAsync(1));
        await edge.Nodes[0].Tcp!.DisposeAsync().WaitAsync("node-a's SSH server stops");
        await Poll.UntilAsync(() => !edge.InPool("node-a", PoolKind.Transfer), "node-a down");

        await using var revived = new TcpNameServer("node-a", edge.Nodes[0].Address, edge.Nodes[0].SshPort);

        await Poll.UntilAsync(() => edge.InPool("node-a", PoolKind.Transfer), "node-a up again");
        var (node, socket) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, EdgeHarness.Vip);
        socket.Dispose();
        Assert.Equal("node-a", node);
    }
}
