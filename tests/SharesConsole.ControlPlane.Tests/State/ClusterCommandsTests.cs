using Microsoft.Extensions.Time.Testing;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Lab;
using SharesConsole.Core.State;
using SharesConsole.ControlPlane.State;
using SharesConsole.ControlPlane.Events;

using SharesConsole.ControlPlane.Failover;
using SharesConsole.ControlPlane.Placement;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.ControlPlane.Configuration;
using SharesConsole.Core.Failover;

namespace SharesConsole.ControlPlane.Tests.State;

public sealed class ClusterCommandsTests
{
    private readonly InMemoryTopologySource _topology = new(LabDefaults.Topology);
    private readonly ClusterEventFeed _feed = new();
    private readonly ClusterCommands _commands;

    public ClusterCommandsTests() =>
        _commands = new ClusterCommands(_topology, new InMemoryEventRecorder(_feed, new FakeTimeProvider()), new PendingOperationLauncher());

    [Fact]
    public async Task SetDrainAsync_KnownNode_SetsIntentAndRecordsEvent()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var events = _feed.WatchAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        var next = events.MoveNextAsync();

        var result = await _commands.SetDrainAsync("NODE-B", true, "alice", cts.Token);

        Assert.True(result.Ok);
        Assert.True(_topology.Current.Find("node-b")!.IsDrained);
        Assert.True(await next);
        Assert.Equal((EventKinds.NodeDrained, "node-b"), (events.Current.Kind, events.Current.Node));
        Assert.Contains("alice drained node-b", events.Current.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetMaintenanceAsync_OnThenOff_KeepsOtherFlags()
    {
        await _commands.SetDrainAsync("node-a", true, "bob", CancellationToken.None);
        await _commands.SetMaintenanceAsync("node-a", true, "bob", CancellationToken.None);
        await _commands.SetMaintenanceAsync("node-a", false, "bob", CancellationToken.None);

        Assert.Equal(OperatorIntent.Drained, _topology.Current.Find("node-a")!.Intent);
    }

    [Fact]
    public async Task SetDrainAsync_UnknownNode_IsNotFound()
    {
        var result = await _commands.SetDrainAsync("node-z", true, "alice", CancellationToken.None);

        Assert.Equal(CommandError.NotFound, result.Error);
        Assert.Contains("node-z", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateSettingsAsync_BadValues_NamesEachFieldAndSavesNothing()
    {
        var bad = LabDefaults.Settings with { DnsTtl = TimeSpan.Zero, TransferFqdn = "transfer.elsewhere.test", HealthCheck = new HealthCheckSettings { Fall = 0 } };

        var result = await _commands.UpdateSettingsAsync(bad, "alice", CancellationToken.None);

        Assert.Equal(CommandError.Validation, result.Error);
        Assert.Equal(["DnsTtl", "HealthCheck.Fall", "TransferFqdn"], result.FieldErrors!.Keys.Order());
        Assert.Same(LabDefaults.Settings, _topology.Current.Settings);
    }

    [Fact]
    public async Task UpdateSettingsAsync_ArchitectureSwitch_AppliesAtOnce()
    {
        var result = await _commands.UpdateSettingsAsync(LabDefaults.Settings with { Architecture = ArchitectureType.WebOnly }, "alice", CancellationToken.None);

        Assert.True(result.Ok);
        Assert.Equal(ArchitectureType.WebOnly, _topology.Current.Settings.Architecture);
    }

    [Fact]
    public async Task StartSwitchoverAsync_WithoutEngine_IsAConflictWithReason()
    {
        var result = await _commands.StartSwitchoverAsync("node-b", "alice", CancellationToken.None);

        Assert.Equal(CommandError.Conflict, result.Error);
        Assert.Contains("failover engine", result.Message, StringComparison.Ordinal);
    }
}
