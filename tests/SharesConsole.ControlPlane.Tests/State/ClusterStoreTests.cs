using System.Collections.Immutable;
using System.Net;
using SharesConsole.ControlPlane.State;
using SharesConsole.ControlPlane.Tests.Support;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Failover;
using SharesConsole.Core.Lab;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;

namespace SharesConsole.ControlPlane.Tests.State;

/// <summary>The single writer: persist, then swap the snapshot, then publish; a restart reads back every durable change.</summary>
public sealed class ClusterStoreTests : IAsyncLifetime
{
    private ControlPlaneHarness? _harness;

    private ControlPlaneHarness Harness => _harness!;

    public async Task InitializeAsync()
    {
        _harness = await ControlPlaneHarness.CreateAsync();
        await _harness.LoadAsync();
    }

    public async Task DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }

    [Fact]
    public async Task EveryDurableChange_IsPublishedOnReturn_AndSurvivesARestart()
    {
        var store = Harness.Store;
        var published = new List<ClusterState>();
        Harness.Get<ClusterStatePublisher>().Changed += (_, s) => published.Add(s);
        var node = new NodeDefinition { Name = "node-c", ManagementAddress = IPAddress.Parse("127.0.0.23"), PublicAddress = IPAddress.Parse("127.0.0.23"), PrivateAddress = IPAddress.Parse("127.0.0.23") };

        await store.SetIntentAsync("node-b", OperatorIntent.Maintenance, CancellationToken.None);
        await store.SaveSettingsAsync(LabDefaults.Settings with { Architecture = ArchitectureType.WebOnly }, CancellationToken.None);
        await store.EnrollNodeAsync(node, "hash", CancellationToken.None);
        var raise = await store.RaiseEpochAsync(store.Topology.Epoch, "node-b", CancellationToken.None);

        Assert.Equal(EpochRaise.Raised, raise.Result);
        Assert.Equal(4, published.Count);
        Assert.True(published.Select(s => s.Version).SequenceEqual(published.Select(s => s.Version).Order()), "states are published in version order");
        AssertChanged(store.Current);

        await using var restarted = await Harness.RestartAsync();
        _harness = restarted;
        await restarted.LoadAsync();
        AssertChanged(restarted.Store.Current);

        static void AssertChanged(ClusterState state)
        {
            Assert.Equal(OperatorIntent.Maintenance, state.Find("node-b")!.Node.Intent);
            Assert.Equal(ArchitectureType.WebOnly, state.Topology.Settings.Architecture);
            Assert.NotNull(state.Find("node-c"));
            Assert.Equal("node-b", state.Topology.ActiveNode);
        }
    }

    [Fact]
    public async Task AFailedWrite_ChangesNothingInMemory()
    {
        var store = Harness.Store;
        var before = store.Current;

        await Assert.ThrowsAsync<StoreConflictException>(() => store.RemoveNodeAsync("node-a", CancellationToken.None));
        await Assert.ThrowsAsync<StoreConflictException>(() => store.EnrollNodeAsync(LabDefaults.Topology.Nodes[1].Node, "hash", CancellationToken.None));

        Assert.Same(before, store.Current);
        Assert.Equal(2, store.Topology.Nodes.Length);
    }

    [Fact]
    public async Task RaiseEpoch_Stale_LeavesTheActiveNodeAlone()
    {
        var store = Harness.Store;
        var epoch = store.Topology.Epoch;

        var result = await store.RaiseEpochAsync(epoch - 1, "node-b", CancellationToken.None);

        Assert.Equal(EpochRaise.Stale, result.Result);
        Assert.Equal("node-a", store.Current.Topology.ActiveNode);
        Assert.Equal(epoch, store.Current.Topology.Epoch);
    }

    [Fact]
    public void AReportTakenBeforeAnAppliedCommandReply_DoesNotUndoIt()
    {
        var store = Harness.Store;
        store.ApplyReport(Report(sequence: 5, mysqld: ObservedState.Stopped));
        store.ApplyCommandReply("node-b", "agent-1", 7, [new ServiceObservation { Service = "mysqld", State = ObservedState.Running, ProbeOk = true }]);

        store.ApplyReport(Report(sequence: 6, mysqld: ObservedState.Stopped));

        Assert.Equal(ObservedState.Running, store.Current.Find("node-b")!.StateOf("mysqld"));
    }

    [Fact]
    public void MarkDisconnected_UnknownNode_PublishesNothing()
    {
        var store = Harness.Store;
        var before = store.Current;

        store.MarkDisconnected("node-z");

        Assert.Same(before, store.Current);
    }

    private AgentReport Report(long sequence, ObservedState mysqld) => new()
    {
        Node = "node-b",
        ReceivedAt = Harness.Time.GetUtcNow(),
        Epoch = 1,
        Instance = "agent-1",
        Sequence = sequence,
        Connected = true,
        Services = ImmutableArray.Create(new ServiceObservation { Service = "mysqld", State = mysqld, ProbeOk = mysqld == ObservedState.Running }),
    };
}
