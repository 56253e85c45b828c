using Microsoft.Extensions.DependencyInjection.Extensions;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.ControlPlane.Events;
using SharesConsole.ControlPlane.Events.Webhooks;
using SharesConsole.ControlPlane.Failover;
using SharesConsole.ControlPlane.Placement;
using SharesConsole.ControlPlane.State;
using SharesConsole.ControlPlane.Tests.Support;
using SharesConsole.Core.Agents;
using SharesConsole.Core.Catalog;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Failover;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;
using SharesConsole.Tests.Common.Polling;
using static SharesConsole.Core.State.EventKinds;

namespace SharesConsole.ControlPlane.Tests.Events;

/// <summary>
/// Every event kind webhooks offer is emitted where it happens: each test drives the component that emits it on the
/// harness (real SQLite, the database recorder) and finds the event in the audit log with its kind, node and severity.
/// </summary>
public sealed class EventKindEmissionTests : IAsyncLifetime
{
    /// <summary>Kinds emitted by the Web host's Hangfire jobs (ScheduledSwitchovers, DeepHealthCheck, FailoverDrill), not by this library.</summary>
    private static readonly string[] EmittedByWebJobs = [SwitchoverScheduled, SwitchoverCancelled, SwitchoverSkipped, DriftDetected, DriftResolved, DrillSkipped];

    /// <summary>Kinds emitted by the Web host's edge monitor (tested in SharesConsole.Web.Tests, EdgeMonitorTests).</summary>
    private static readonly string[] EmittedByEdgeMonitor = [EdgeDown, EdgeUp, VipMoved];

    /// <summary>Kinds with a test below.</summary>
    private static readonly string[] EmittedHere =
    [
        NodeDown, NodeUp, NodeVerdictChanged, NodeDrained, NodeUndrained, NodeMaintenance, SettingsChanged, ArchitectureChanged,
        FailoverStarted, FailoverCompleted, FailoverFailed, SwitchoverStarted, SwitchoverCompleted, SwitchoverFailed,
        ServiceFailed, ServiceRestarted, EpochRaised, AgentFenced, StorageLowSpace, StorageUnfit,
    ];

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private readonly SettableHealth _health = new();
    private readonly ObedientAgents _agents = new(ServiceCatalog.Default, "node-a");
    private ControlPlaneHarness _harness = null!;

    private ClusterStore Store => _harness.Store;

    private IClusterCommands Commands => _harness.Get<IClusterCommands>();

    public async Task InitializeAsync()
    {
        _harness = await ControlPlaneHarness.CreateAsync(services =>
        {
            services.Replace(ServiceDescriptor.Singleton<INodeHealthSource>(_health));
            services.Replace(ServiceDescriptor.Singleton<IAgentCommandSender>(_agents));
        });
        await _harness.LoadAsync();
        Assert.Equal("node-a", Store.Topology.ActiveNode);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public void Subscribable_EveryKind_IsEmittedByAComponentTestedHereOrByAWebJob()
    {
        Assert.Empty(EmittedHere.Intersect(EmittedByWebJobs));
        Assert.Empty(EmittedHere.Concat(EmittedByWebJobs).Intersect(EmittedByEdgeMonitor));
        Assert.Equal(WebhookKinds.Subscribable.Order(StringComparer.Ordinal), EmittedHere.Concat(EmittedByWebJobs).Concat(EmittedByEdgeMonitor).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SetDrainAsync_On_RecordsNodeDrained()
    {
        await Commands.SetDrainAsync("node-b", true, "alice", CancellationToken.None);

        AssertEvent(await RecordedAsync(NodeDrained), "node-b", EventSeverity.Info);
    }

    [Fact]
    public async Task SetDrainAsync_Off_RecordsNodeUndrained()
    {
        await Commands.SetDrainAsync("node-b", true, "alice", CancellationToken.None);
        await Commands.SetDrainAsync("node-b", false, "alice", CancellationToken.None);

        AssertEvent(await RecordedAsync(NodeUndrained), "node-b", EventSeverity.Info);
    }

    [Fact]
    public async Task SetMaintenanceAsync_On_RecordsNodeMaintenance()
    {
        await Commands.SetMaintenanceAsync("node-b", true, "alice", CancellationToken.None);

        AssertEvent(await RecordedAsync(NodeMaintenance), "node-b", EventSeverity.Info);
    }

    [Fact]
    public async Task UpdateSettingsAsync_Changed_RecordsSettingsChanged()
    {
        await Commands.UpdateSettingsAsync(Store.Topology.Settings with { DnsTtl = TimeSpan.FromSeconds(7) }, "alice", CancellationToken.None);

        AssertEvent(await RecordedAsync(SettingsChanged), null, EventSeverity.Info);
    }

    [Fact]
    public async Task UpdateSettingsAsync_ArchitectureSwitched_RecordsArchitectureChanged()
    {
        var other = Store.Topology.Settings.Architecture == ArchitectureType.WebOnly ? ArchitectureType.RedirectAll : ArchitectureType.WebOnly;

        await Commands.UpdateSettingsAsync(Store.Topology.Settings with { Architecture = other }, "alice", CancellationToken.None);

        AssertEvent(await RecordedAsync(ArchitectureChanged), null, EventSeverity.Info);
    }

    [Fact]
    public async Task VerdictEventEmitter_HeartbeatLostAndProbesFailing_RecordsNodeDown()
    {
        Store.ApplyReport(Healthy("node-b"));
        await _harness.StartAsync<VerdictEventEmitter>();

        MakeDown("node-b");

        AssertEvent(await RecordedAsync(NodeDown), "node-b", EventSeverity.Error);
    }

    [Fact]
    public async Task VerdictEventEmitter_DownNodeHealthyAgain_RecordsNodeUp()
    {
        Store.ApplyReport(Healthy("node-b"));
        await _harness.StartAsync<VerdictEventEmitter>();
        MakeDown("node-b");
        await RecordedAsync(NodeDown);

        _health.Set("node-b", true);
        Store.ApplyReport(Healthy("node-b"));

        AssertEvent(await RecordedAsync(NodeUp), "node-b", EventSeverity.Info);
    }

    [Fact]
    public async Task VerdictEventEmitter_ServiceFailsOnHealthyNode_RecordsNodeVerdictAsWarning()
    {
        Store.ApplyReport(Healthy("node-b"));
        await _harness.StartAsync<VerdictEventEmitter>();

        Store.ApplyReport(Healthy("node-b", failed: "nginx"));

        AssertEvent(await RecordedAsync(NodeVerdictChanged), "node-b", EventSeverity.Warning);
    }

    [Fact]
    public async Task ReconcileAsync_ActiveServiceStoppedAfterRunning_RecordsServiceFailed()
    {
        await StopMysqldOnTheActiveNodeAsync();

        AssertEvent(await RecordedAsync(ServiceFailed), "node-a", EventSeverity.Warning, "mysqld");
    }

    [Fact]
    public async Task ReconcileAsync_ActiveServiceStoppedAfterRunning_RecordsServiceRestarted()
    {
        await StopMysqldOnTheActiveNodeAsync();

        AssertEvent(await RecordedAsync(ServiceRestarted), "node-a", EventSeverity.Info, "mysqld");
    }

    [Fact]
    public async Task StartFailoverAsync_Decided_RecordsFailoverStarted()
    {
        var operation = await StartFailoverAsync();

        var started = await RecordedAsync(FailoverStarted);
        AssertEvent(started, "node-b", EventSeverity.Warning);
        Assert.Equal(operation, started.OperationId);
        await RecordedAsync(FailoverCompleted);
    }

    [Fact]
    public async Task StartFailoverAsync_TargetStartsTheGroup_RecordsFailoverCompleted()
    {
        var operation = await StartFailoverAsync();

        var completed = await RecordedAsync(FailoverCompleted);
        AssertEvent(completed, "node-b", EventSeverity.Info);
        Assert.Equal(operation, completed.OperationId);
    }

    [Fact]
    public async Task StartFailoverAsync_TargetRefusesToStart_RecordsFailoverFailed()
    {
        _agents.RefuseStarts["node-b"] = true;

        var operation = await StartFailoverAsync();

        var failed = await RecordedAsync(FailoverFailed);
        AssertEvent(failed, "node-b", EventSeverity.Error);
        Assert.Equal(operation, failed.OperationId);
    }

    [Fact]
    public async Task StartSwitchoverAsync_HealthyTarget_RecordsSwitchoverStarted()
    {
        var operation = await StartSwitchoverAsync();

        var started = await RecordedAsync(SwitchoverStarted);
        AssertEvent(started, "node-b", EventSeverity.Info);
        Assert.Equal(operation, started.OperationId);
        await RecordedAsync(SwitchoverCompleted);
    }

    [Fact]
    public async Task StartSwitchoverAsync_HealthyTarget_RecordsSwitchoverCompleted()
    {
        var operation = await StartSwitchoverAsync();

        var completed = await RecordedAsync(SwitchoverCompleted);
        AssertEvent(completed, "node-b", EventSeverity.Info);
        Assert.Equal(operation, completed.OperationId);
        Assert.Equal("node-b", Store.Topology.ActiveNode);
    }

    [Fact]
    public async Task StartSwitchoverAsync_TargetRefusesToStart_RecordsSwitchoverFailed()
    {
        _agents.RefuseStarts["node-b"] = true;

        var operation = await StartSwitchoverAsync();

        var failed = await RecordedAsync(SwitchoverFailed);
        AssertEvent(failed, "node-b", EventSeverity.Error);
        Assert.Equal(operation, failed.OperationId);
    }

    [Fact]
    public async Task RaiseEpochAsync_Moved_RecordsEpochRaisedOnceForTheNewActiveNode()
    {
        var epoch = Store.Topology.Epoch;

        var raised = await Store.RaiseEpochAsync(epoch, "node-b", CancellationToken.None);
        var resumed = await Store.RaiseEpochAsync(epoch, "node-b", CancellationToken.None);

        Assert.Equal((EpochRaise.Raised, EpochRaise.AlreadyRaised), (raised.Result, resumed.Result));
        var recorded = Assert.Single(await AllRecordedAsync(EpochRaised));
        AssertEvent(recorded, "node-b", EventSeverity.Info);
        Assert.Contains($"Epoch {epoch} → {epoch + 1}", recorded.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartFailoverAsync_EpochRaisedByTheRun_CarriesTheOperation()
    {
        var operation = await StartFailoverAsync();
        await RecordedAsync(FailoverCompleted);

        var raised = Assert.Single(await AllRecordedAsync(EpochRaised));
        Assert.Equal(operation, raised.OperationId);
    }

    [Fact]
    public async Task FencingEventEmitter_HeartbeatReportsSelfFencing_RecordsAgentFenced()
    {
        await _harness.StartAsync<FencingEventEmitter>();

        Store.ApplyReport(Healthy("node-a") with { LastFencing = Fencing(TimeSpan.FromMinutes(1)) });

        var fenced = await RecordedAsync(AgentFenced);
        AssertEvent(fenced, "node-a", EventSeverity.Warning);
        Assert.Contains("mysqld", fenced.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FencingEventEmitter_ServiceFailedToStop_RecordsAgentFencedAsError()
    {
        await _harness.StartAsync<FencingEventEmitter>();

        Store.ApplyReport(Healthy("node-a") with { LastFencing = Fencing(TimeSpan.FromMinutes(1)) with { Errors = ["mysqld: timeout"] } });

        AssertEvent(await RecordedAsync(AgentFenced), "node-a", EventSeverity.Error);
    }

    [Fact]
    public async Task FencingEventEmitter_SameFencingInEveryHeartbeatAndAfterARestart_RecordedOnce()
    {
        var old = Fencing(TimeSpan.FromMinutes(2));
        await _harness.StartAsync<FencingEventEmitter>();
        Store.ApplyReport(Healthy("node-a") with { LastFencing = old });
        await RecordedAsync(AgentFenced);
        Store.ApplyReport(Healthy("node-a") with { LastFencing = old });

        _harness = await _harness.RestartAsync(services => services.Replace(ServiceDescriptor.Singleton<IAgentCommandSender>(_agents)));
        await _harness.LoadAsync();
        await _harness.StartAsync<FencingEventEmitter>();
        Store.ApplyReport(Healthy("node-a") with { LastFencing = old });
        var newer = Fencing(TimeSpan.FromMinutes(1));
        Store.ApplyReport(Healthy("node-a") with { LastFencing = newer });

        // The newer fencing is recorded after every report of the old one was handled: no second line for the old one.
        var all = await Poll.UntilAsync(() => AllRecordedAsync(AgentFenced), e => e.Count >= 2, "the newer fencing to be recorded", Wait);
        Assert.Collection(
            all,
            e => Assert.Contains($"at {newer.FencedAt:u}:", e.Message, StringComparison.Ordinal),
            e => Assert.Contains($"at {old.FencedAt:u}:", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StorageEventEmitter_FreeSpaceGoesBelowTheWarning_RecordsStorageLowSpaceOncePerCrossing()
    {
        await _harness.StartAsync<StorageEventEmitter>();

        Store.ApplyReport(Healthy("node-b") with { Storage = Storage(lowSpace: true) });
        Store.ApplyReport(Healthy("node-b") with { Storage = Storage(lowSpace: true) });
        var first = await RecordedAsync(StorageLowSpace);
        Store.ApplyReport(Healthy("node-b") with { Storage = Storage(lowSpace: false) });
        Store.ApplyReport(Healthy("node-b") with { Storage = Storage(lowSpace: true) with { FreeBytes = 1L << 28 } });

        AssertEvent(first, "node-b", EventSeverity.Warning);
        Assert.Contains("0.5 GiB free of 16 GiB", first.Message, StringComparison.Ordinal);

        // Reports are handled in order: once the last crossing is recorded, a line for the repeated report would be there.
        var all = await Poll.UntilAsync(
            () => AllRecordedAsync(StorageLowSpace), e => e.Any(x => x.Message.Contains("0.25 GiB", StringComparison.Ordinal)), "the second crossing to be recorded", Wait);
        Assert.Equal(2, all.Count);
    }

    [Fact]
    public async Task StorageEventEmitter_ProbeMakesTheNodeUnfit_RecordsStorageUnfitOnce()
    {
        await _harness.StartAsync<StorageEventEmitter>();

        Store.ApplyReport(Healthy("node-a") with { Storage = Storage(fit: false) });
        Store.ApplyReport(Healthy("node-a") with { Storage = Storage(fit: false) });
        Store.ApplyReport(Healthy("node-a") with { Storage = Storage(lowSpace: true) });

        var unfit = await RecordedAsync(StorageUnfit);
        AssertEvent(unfit, "node-a", EventSeverity.Error);
        Assert.Contains("node-a is unfit for active", unfit.Message, StringComparison.Ordinal);

        // The low-space report came after both unfit ones: once it is recorded, a second unfit line would be there too.
        await RecordedAsync(StorageLowSpace);
        Assert.Single(await AllRecordedAsync(StorageUnfit));
    }

    [Fact]
    public async Task StartSwitchoverAsync_TargetStorageUnfit_ConflictWithTheReasonAndNothingStarted()
    {
        Store.ApplyReport(Healthy("node-a"));
        Store.ApplyReport(Healthy("node-b") with { Storage = Storage(fit: false) });

        var result = await Commands.StartSwitchoverAsync("node-b", "alice", CancellationToken.None);

        Assert.Equal(CommandError.Conflict, result.Error);
        Assert.StartsWith("node-b is unfit for active: its shared storage probe failed 3 times in a row (read-only", result.Message, StringComparison.Ordinal);
        Assert.Equal("node-a", Store.Topology.ActiveNode);
    }

    private static StorageHealth Storage(bool fit = true, bool lowSpace = false) => new()
    {
        Path = "/mnt/shares",
        Status = fit ? StorageStatus.Ok : StorageStatus.ReadOnly,
        FitForActive = fit,
        ConsecutiveFailures = fit ? 0 : 3,
        LastError = fit ? null : "/mnt/shares is read-only",
        LowSpace = lowSpace,
        FreeBytes = lowSpace ? 1L << 29 : 8L << 30,
        TotalBytes = 16L << 30,
    };

    private static void AssertEvent(ClusterEvent e, string? node, EventSeverity severity, string? service = null) =>
        Assert.Equal((node, severity, service), (e.Node, e.Severity, e.Service));

    /// <summary>The newest event of <paramref name="kind"/>, once there is one.</summary>
    private async Task<ClusterEvent> RecordedAsync(string kind) => (await AllRecordedAsync(kind))[0];

    /// <summary>Every event of <paramref name="kind"/>, newest first, once there is one.</summary>
    private async Task<IReadOnlyList<ClusterEvent>> AllRecordedAsync(string kind)
    {
        var events = _harness.Get<EventStore>();
        var (found, _) = await Poll.UntilAsync(
            async () => (
                (await events.QueryAsync(new EventQuery { Kind = kind, Limit = 100 }, CancellationToken.None)).Items,
                (await events.QueryAsync(new EventQuery { Limit = 50 }, CancellationToken.None)).Items),
            read => read.Item1.Count > 0,
            $"a {kind} event in the audit log",
            Wait,
            read => "recorded: " + string.Join(", ", read.Item2.Select(e => $"{e.Kind} {e.Node}")));
        return found;
    }

    /// <summary>A heartbeat's report with every service of the node running (the active/passive group on node-a), probes passing, fresh.</summary>
    private AgentReport Healthy(string node, string? failed = null) => new()
    {
        Node = node,
        ReceivedAt = _harness.Time.GetUtcNow(),
        Epoch = Store.Topology.Epoch,
        Services =
        [
            .. Store.Catalog.Services.Select(s => new ServiceObservation
            {
                Service = s.Name,
                State = s.Name == failed ? ObservedState.Failed
                    : s.Kind == ServiceKind.ActiveActive || node == Store.Topology.ActiveNode ? ObservedState.Running : ObservedState.Stopped,
                ProbeOk = s.Name != failed,
            }),
        ],
    };

    private FencingReport Fencing(TimeSpan ago) => new()
    {
        FencedAt = _harness.Time.GetUtcNow() - ago,
        LastAckAt = _harness.Time.GetUtcNow() - ago - TimeSpan.FromSeconds(10),
        StoppedServices = ["shares-background", "stats-collector", "crond", "mysqld"],
    };

    /// <summary>The node's agent disconnects and the edge's probes fail: its verdict becomes Down.</summary>
    private void MakeDown(string node)
    {
        Store.MarkDisconnected(node);
        _health.Set(node, false);
        _harness.Get<ClusterStateRefresher>().Rebuild();
    }

    private async Task StopMysqldOnTheActiveNodeAsync()
    {
        var reconciler = _harness.Get<PlacementReconciler>();
        Store.ApplyReport(Healthy("node-a"));
        await reconciler.ReconcileAsync(Store.Current, CancellationToken.None);
        var report = Healthy("node-a");
        Store.ApplyReport(report with
        {
            Services = [.. report.Services.Select(s => s.Service == "mysqld" ? s with { State = ObservedState.Stopped, ProbeOk = null } : s)],
        });
        await reconciler.ReconcileAsync(Store.Current, CancellationToken.None);
    }

    private async Task<Guid> StartFailoverAsync()
    {
        var result = await _harness.Get<FailoverEngine>().StartFailoverAsync(new FailoverTrigger.Decision("node-a", "node-b", "test: node-a lost"), CancellationToken.None);
        Assert.True(result.Ok, result.Message);
        return result.Value!.Id;
    }

    private async Task<Guid> StartSwitchoverAsync()
    {
        Store.ApplyReport(Healthy("node-a"));
        Store.ApplyReport(Healthy("node-b"));
        var result = await Commands.StartSwitchoverAsync("node-b", "alice", CancellationToken.None);
        Assert.True(result.Ok, result.Message);
        return result.Value!.Id;
    }
}
