using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using SharesConsole.ControlPlane.Configuration;
using SharesConsole.Core.Agents;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Lab;
using SharesConsole.Core.State;
using SharesConsole.Lab;
using SharesConsole.Tests.Common;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Hosting;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Tests.Common.Polling;
using SharesConsole.Web.Agents;
using Xunit.Abstractions;

namespace SharesConsole.Web.Tests.Agents.Lab;

/// <summary>The lab fleet with two nodes on 127.0.9.80/81 (the lab's fixed ports on this project's own addresses).</summary>
public sealed class LabAgentFleetTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Fleet_TwoLabNodes_ConnectActiveRunsActivePassiveCrashReleasesAndRestartReconnects()
    {
        var (a, b) = (Loopback.Web.Address(80), Loopback.Web.Address(81));
        var controlPlane = Loopback.Web.Address(82);
        var topology = new InMemoryTopologySource(new ClusterTopology
        {
            Settings = new ClusterSettings { Vip = controlPlane },
            Nodes = [new NodeState(LabDefaults.Node("node-a", a, 0)), new NodeState(LabDefaults.Node("node-b", b, 1))],
            ActiveNode = "node-a",
            Epoch = 3,
        });
        await using var host = await KestrelStub.StartAsync(controlPlane, 0, app => app.MapSharesAgentHub(), services =>
        {
            services.AddSingleton<IClusterTopologySource>(topology);
            services.Configure<LabOptions>(o => o.Directory = _dir.Path);
            services.AddSingleton<IClusterStateSource>(new SettableStateSource(TestStates.Build()));
            services.AddSharesAgentHub();
            services.AddSharesLabAgents();
        });
        var fleet = host.Services.GetRequiredService<LabAgentFleet>();
        var registry = host.Services.GetRequiredService<AgentRegistry>();

        await fleet.Started.WaitAsync("the lab fleet to start its agents");
        await Poll.UntilAsync(
            () => registry.Find("node-a")?.LastHeartbeat is { Services.Count: 7 } && registry.Find("node-b")?.LastHeartbeat is not null,
            "heartbeats from both lab nodes, node-a listing all seven services");
        Assert.Equal(SocketError.Success, await Ports.ConnectAsync(a, LabDefaults.MysqlPort));
        Assert.Equal(SocketError.ConnectionRefused, await Ports.ConnectAsync(b, LabDefaults.MysqlPort));
        await Poll.UntilAsync(
            () => registry.Find("node-a")!.LastHeartbeat!.Services.All(s => s.LastProbeOk),
            "every probe passing on node-a",
            describe: () => string.Join("; ", registry.Find("node-a")!.LastHeartbeat!.Services.Where(s => !s.LastProbeOk).Select(s => $"{s.Name}: {s.LastProbeError}")));

        // node-b is not the active node: the control plane grants it no lease, so it starts no active/passive service.
        var refused = await registry.SendAsync("node-b", AgentCommand.Create(AgentCommandKind.Start, 3, "mysqld"), CancellationToken.None);
        Assert.Equal(CommandErrorCode.NoLease, refused.Error);

        Assert.True(fleet.Crash("node-a"));
        await Poll.UntilAsync(() => registry.Find("node-a") is { IsConnected: false }, "the crashed node-a to show as disconnected");
        Assert.Equal(SocketError.ConnectionRefused, await Ports.ConnectAsync(a, LabDefaults.WebPort));
        topology.Update(t => t with { ActiveNode = "node-b", Epoch = 4 });
        var takeOver = await registry.SendAsync("node-b", AgentCommand.Create(AgentCommandKind.Start, 4, "mysqld"), CancellationToken.None);
        Assert.True(takeOver.Ok, takeOver.Message);

        var restarted = await fleet.RestartAsync("node-a", CancellationToken.None).WaitAsync("node-a's agent to restart");
        await Poll.UntilAsync(() => registry.Find("node-a") is { IsConnected: true, LastHeartbeat: not null }, "the restarted node-a to reconnect and heartbeat");
        Assert.Equal(3, restarted.HighestEpoch);
        var stale = await registry.SendAsync("node-a", AgentCommand.Create(AgentCommandKind.Start, 2, "mysqld"), CancellationToken.None);
        Assert.Equal(CommandErrorCode.StaleEpoch, stale.Error);
        output.WriteLine($"node-a after restart: {string.Join(", ", restarted.Services.Select(s => $"{s.Name}={s.State}"))}");
    }

    public void Dispose() => _dir.Dispose();
}
