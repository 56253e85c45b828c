using System.Collections.Immutable;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SharesConsole.Agent.Tests.Support;
using SharesConsole.Core.Agents;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Lab;
using SharesConsole.Web.Agents;
using SharesConsole.Web.Agents.Lab;
using SharesConsole.Web.Configuration;
using Xunit.Abstractions;

namespace SharesConsole.Agent.Tests.ControlPlane;

/// <summary>The lab fleet with two nodes on 127.0.5.50/51 (lab ports on this project's own addresses).</summary>
public sealed class LabAgentFleetTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Fleet_TwoLabNodes_ConnectActiveRunsActivePassiveCrashReleasesAndRestartReconnects()
    {
        var (a, b) = (Net.Address(50), Net.Address(51));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(Net.Address(52), 0));
        builder.Services.AddSingleton<IClusterTopologySource>(new InMemoryTopologySource(new ClusterTopology
        {
            Settings = new ClusterSettings { Vip = Net.Address(52) },
            Nodes = [new NodeState(LabDefaults.Node("node-a", a, 0)), new NodeState(LabDefaults.Node("node-b", b, 1))],
            ActiveNode = "node-a",
            Epoch = 3,
        }));
        builder.Services.Configure<LabOptions>(o => o.Directory = _dir.Path);
        builder.Services.AddSharesLabAgents();
        await using var app = builder.Build();
        app.MapSharesAgentHub();
        await app.StartAsync();
        var fleet = app.Services.GetRequiredService<LabAgentFleet>();
        var registry = app.Services.GetRequiredService<AgentRegistry>();
        try
        {
            await fleet.Started;
            Assert.True(await Eventually.TrueAsync(() => registry.Find("node-a")?.LastHeartbeat is { Services.Count: 7 } && registry.Find("node-b")?.LastHeartbeat is not null));
            Assert.True(await Net.CanConnectAsync(a, LabDefaults.MysqlPort));
            Assert.False(await Net.CanConnectAsync(b, LabDefaults.MysqlPort));
            Assert.True(await Eventually.TrueAsync(() => registry.Find("node-a")!.LastHeartbeat!.Services.All(s => s.LastProbeOk)),
                string.Join("; ", registry.Find("node-a")!.LastHeartbeat!.Services.Where(s => !s.LastProbeOk).Select(s => $"{s.Name}: {s.LastProbeError}")));

            var refused = await registry.SendAsync("node-b", AgentCommand.Create(AgentCommandKind.Start, 3, "mysqld"), CancellationToken.None);
            Assert.Equal(CommandErrorCode.DriverError, refused.Error);
            Assert.Contains("node-a", refused.Message, StringComparison.Ordinal);

            Assert.True(fleet.Crash("node-a"));
            Assert.True(await Eventually.TrueAsync(() => registry.Find("node-a") is { IsConnected: false }));
            Assert.False(await Net.CanConnectAsync(a, LabDefaults.WebPort));
            var takeOver = await registry.SendAsync("node-b", AgentCommand.Create(AgentCommandKind.Start, 4, "mysqld"), CancellationToken.None);
            Assert.True(takeOver.Ok, takeOver.Message);

            var restarted = await fleet.RestartAsync("node-a", CancellationToken.None);
            Assert.True(await Eventually.TrueAsync(() => registry.Find("node-a") is { IsConnected: true, LastHeartbeat: not null }));
            Assert.Equal(3, restarted.HighestEpoch);
            var stale = await registry.SendAsync("node-a", AgentCommand.Create(AgentCommandKind.Start, 2, "mysqld"), CancellationToken.None);
            Assert.Equal(CommandErrorCode.StaleEpoch, stale.Error);
            output.WriteLine($"node-a after restart: {string.Join(", ", restarted.Services.Select(s => $"{s.Name}={s.State}"))}");
        }
        finally
        {
            await app.StopAsync();
        }
    }

    public void Dispose() => _dir.Dispose();
}
