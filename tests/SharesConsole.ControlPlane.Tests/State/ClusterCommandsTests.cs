using Microsoft.Extensions.Time.Testing;
using SharesConsole.ControlPlane.Events;
using SharesConsole.ControlPlane.State;
using SharesConsole.ControlPlane.Tests.Support;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Lab;
using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane.Tests.State;

/// <summary>Operator commands against the real cluster store on SQLite: each change is in the database and the state when the call returns.</summary>
public sealed class ClusterCommandsTests : IAsyncLifetime
{
    private readonly ClusterEventFeed _feed = new();
    private ControlPlaneHarness? _harness;
    private ClusterCommands? _commands;

    private ClusterStore Store => _harness!.Store;

    private ClusterCommands Commands => _commands!;

    public async Task InitializeAsync()
    {
        _harness = await ControlPlaneHarness.CreateAsync();
        await _harness.LoadAsync();
        _commands = new ClusterCommands(Store, new InMemoryEventRecorder(_feed, new FakeTimeProvider()), new PendingOperationLauncher());
    }

    public async Task DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }

    [Fact]
    public async Task SetDrainAsync_KnownNode_IsPersistedAndInTheStateOnReturn()
    {
        await Commands.SetDrainAsync("node-b", true, "alice", CancellationToken.None);

        Assert.True(Store.Current.Nodes.Single(n => n.Name == "node-b").Node.Intent.HasFlag(OperatorIntent.Drained));
        var stored = await _harness!.Repository.LoadAsync(CancellationToken.None);
        Assert.Equal(OperatorIntent.Drained, stored!.Topology.Find("node-b")!.Intent);
    }

    [Fact]
    public async Task SetDrainAsync_KnownNode_SetsIntentAndRecordsEvent()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var events = _feed.WatchAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        var next = events.MoveNextAsync();

        var result = await Commands.SetDrainAsync("NODE-B", true, "alice", cts.Token);

        Assert.True(result.Ok);
        Assert.True(Store.Topology.Find("node-b")!.IsDrained);
        Assert.True(await next);
        Assert.Equal((EventKinds.NodeDrained, "node-b"), (events.Current.Kind, events.Current.Node));
        Assert.Contains("alice drained node-b", events.Current.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetMaintenanceAsync_OnThenOff_KeepsOtherFlags()
    {
        await Commands.SetDrainAsync("node-a", true, "bob", CancellationToken.None);
        await Commands.SetMaintenanceAsync("node-a", true, "bob", CancellationToken.None);
        await Commands.SetMaintenanceAsync("node-a", false, "bob", CancellationToken.None);

        Assert.Equal(OperatorIntent.Drained, Store.Topology.Find("node-a")!.Intent);
    }

    [Fact]
    public async Task SetDrainAsync_UnknownNode_IsNotFound()
    {
        var result = await Commands.SetDrainAsync("node-z", true, "alice", CancellationToken.None);

        Assert.Equal(CommandError.NotFound, result.Error);
        Assert.Contains("node-z", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateSettingsAsync_BadValues_NamesEachFieldAndSavesNothing()
    {
        var bad = LabDefaults.Settings with { DnsTtl = TimeSpan.Zero, TransferFqdn = "transfer.elsewhere.test", HealthCheck = new HealthCheckSettings { Fall = 0 } };

        var result = await Commands.UpdateSettingsAsync(bad, "alice", CancellationToken.None);

        Assert.Equal(CommandError.Validation, result.Error);
        Assert.Equal(["DnsTtl", "HealthCheck.Fall", "TransferFqdn"], result.FieldErrors!.Keys.Order());
        Assert.Equal(LabDefaults.Settings, Store.Topology.Settings);
    }

    [Fact]
    public async Task UpdateSettingsAsync_ArchitectureSwitch_AppliesAtOnce()
    {
        var result = await Commands.UpdateSettingsAsync(LabDefaults.Settings with { Architecture = ArchitectureType.WebOnly }, "alice", CancellationToken.None);

        Assert.True(result.Ok);
        Assert.Equal(ArchitectureType.WebOnly, Store.Topology.Settings.Architecture);
    }

    [Fact]
    public async Task StartSwitchoverAsync_WithoutEngine_IsAConflictWithReason()
    {
        var result = await Commands.StartSwitchoverAsync("node-b", "alice", CancellationToken.None);

        Assert.Equal(CommandError.Conflict, result.Error);
        Assert.Contains("failover engine", result.Message, StringComparison.Ordinal);
    }
}
