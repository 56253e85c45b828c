using System.Net;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Configuration;
using SharesConsole.Edge.Counters;
using SharesConsole.Edge.Tests.Support;
using SharesConsole.Edge.Transfer.Kernel;

namespace SharesConsole.Edge.Tests.Transfer;

/// <summary>
/// What SSH and FASP clients see through the edge, whichever path carries them: the same tests run on the relay
/// (<see cref="RelayBehaviourTests"/>) and on the kernel path (<see cref="Kernel.KernelBehaviourTests"/>).
/// </summary>
public abstract class TransferBehaviour
{
    private protected abstract TransferPath Path { get; }

    [Fact]
    public async Task TcpUdpTcp_ManyClientAddresses_SameNodeOnEveryFaspPort()
    {
        await using var rig = await TransferRig.StartAsync(Path, nodeCount: 3);
        var chosen = new Dictionary<IPAddress, string>();
        for (var i = 0; i < rig.ClientAddresses.Count; i++)
        {
            var client = rig.ClientAddresses[i];
            var (ssh, session) = await rig.ConnectTcpAsync(client);
            using (session)
            using (var udp = rig.UdpFrom(client))
            {
                await Clients.SendAsync(session, "ping\n"u8.ToArray());
                Assert.Equal("ping", await Clients.ReadLineAsync(session));
                for (var port = 0; port < TransferRig.FaspPorts; port++)
                {
                    Assert.Equal(ssh, await rig.UdpNodeAsync(udp, port));
                }

                Assert.Equal(ssh, await rig.ConnectTcpOnceAsync(client));
            }

            if (rig.BucketNode(client) is { } predicted)
            {
                // The edge's jhash agrees with the kernel's: the bucket it computes is the one the packet used.
                Assert.Equal(predicted, ssh);
            }

            chosen[client] = ssh;
        }

        Assert.Equal(["node-a", "node-b", "node-c"], chosen.Values.Distinct().Order());
        foreach (var node in chosen.Values.Distinct())
        {
            await rig.UntilAsync(() =>
            {
                var counters = rig.Counters.Snapshot();
                var ssh = counters.Single(c => c.Node == node && c.Protocol == EdgeProtocol.Ssh);
                var fasp = counters.Single(c => c.Node == node && c.Protocol == EdgeProtocol.Fasp);
                return ssh.Requests > 0 && ssh.BytesIn > 0 && ssh.BytesOut > 0 && fasp.Datagrams > 0 && fasp.BytesOut > 0;
            }, $"the counters of {node} show its SSH and FASP traffic");
        }
    }

    [Fact]
    public async Task NodeDies_ItsClientsMoveAtOnce_OthersStay()
    {
        await using var rig = await TransferRig.StartAsync(Path, nodeCount: 3);
        var before = new Dictionary<IPAddress, string>();
        foreach (var client in rig.ClientAddresses)
        {
            before[client] = await rig.ConnectTcpOnceAsync(client);
        }

        var victim = before.First(p => p.Value == "node-b").Key;
        using var udp = rig.UdpFrom(victim);
        Assert.Equal("node-b", await rig.UdpNodeAsync(udp, 0));
        Assert.True(await rig.OpenFlowsAsync("node-b") > 0);

        await rig.Node("node-b").KillAsync();
        await rig.UntilAsync(() => !rig.InPool("node-b"), "node-b leaves the pool");
        await rig.UntilAsync(async () => await rig.OpenFlowsAsync("node-b") == 0, "node-b's flows are gone");

        // The same client socket (same addresses and ports) reaches a survivor with its next datagram.
        Assert.NotEqual("node-b", await rig.UdpNodeAsync(udp, 0, "again"));
        foreach (var (client, was) in before)
        {
            var now = await rig.ConnectTcpOnceAsync(client);
            Assert.True(was == "node-b" ? now != "node-b" : now == was, $"{client} was on {was}, now on {now}");
        }
    }

    [Fact]
    public async Task NodeReturns_ClientWithLiveSessionStays_IdleClientsGoBack()
    {
        await using var rig = await TransferRig.StartAsync(Path, nodeCount: 2);
        var onB = new List<IPAddress>();
        foreach (var client in rig.ClientAddresses)
        {
            if (await rig.ConnectTcpOnceAsync(client) == "node-b")
            {
                onB.Add(client);
            }
        }

        await rig.Node("node-b").KillAsync();
        await rig.UntilAsync(() => !rig.InPool("node-b"), "node-b leaves the pool");
        var busy = onB[0];
        // An idle client in another bucket: the busy client's session must hold only its own bucket.
        var idle = onB.First(c => Jhash.Bucket(c) != Jhash.Bucket(busy));
        var (node, session) = await rig.ConnectTcpAsync(busy);
        using (session)
        {
            Assert.Equal("node-a", node);
            rig.Node("node-b").Start();
            await rig.UntilAsync(() => rig.InPool("node-b"), "node-b rejoins the pool");
            await rig.UntilAsync(async () => await rig.ConnectTcpOnceAsync(idle) == "node-b", "an idle client of node-b goes back to it");

            using var udp = rig.UdpFrom(busy);
            Assert.Equal("node-a", await rig.UdpNodeAsync(udp, 1));
            Assert.Equal("node-a", await rig.ConnectTcpOnceAsync(busy));
        }
    }

    [Fact]
    public async Task NodeDrained_NewClientsMove_OpenSessionLastsUntilDeadline()
    {
        await using var rig = await TransferRig.StartAsync(Path, nodeCount: 3);
        var before = new Dictionary<IPAddress, string>();
        foreach (var client in rig.ClientAddresses)
        {
            before[client] = await rig.ConnectTcpOnceAsync(client);
        }

        var kept = before.First(p => p.Value == "node-b").Key;
        var (node, session) = await rig.ConnectTcpAsync(kept);
        using (session)
        {
            Assert.Equal("node-b", node);
            rig.SetIntent("node-b", OperatorIntent.Drained);
            await rig.UntilAsync(() => !rig.InPool("node-b"), "node-b leaves the pool");
            foreach (var (client, was) in before.Where(p => p.Key != kept))
            {
                var now = await rig.ConnectTcpOnceAsync(client);
                Assert.True(was == "node-b" ? now != "node-b" : now == was, $"{client} was on {was}, now on {now}");
            }

            await Clients.SendAsync(session, "ping\n"u8.ToArray());
            Assert.Equal("ping", await Clients.ReadLineAsync(session));
            Assert.True(await rig.OpenFlowsAsync("node-b") > 0);

            rig.Time.Advance(TimeSpan.FromHours(2));
            await rig.UntilAsync(async () => await rig.OpenFlowsAsync("node-b") == 0, "node-b's flows end at the drain deadline");
            await Clients.SendAsync(session, "late\n"u8.ToArray());
            await Clients.AssertClosedByPeerAsync(session, "the drained session is closed");
        }
    }
}
