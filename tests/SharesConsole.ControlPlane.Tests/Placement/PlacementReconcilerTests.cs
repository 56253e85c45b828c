using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.ControlPlane.Configuration;
using SharesConsole.ControlPlane.Events;
using SharesConsole.ControlPlane.Failover;
using SharesConsole.ControlPlane.Placement;
using SharesConsole.Core.Agents;
using SharesConsole.Core.Lab;
using SharesConsole.Core.State;
using SharesConsole.Tests.Common;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.ControlPlane.Tests.Placement;

/// <summary>The reconciler's passes driven by hand on a fake clock, with fake agents and event recorder.</summary>
public sealed class PlacementReconcilerTests
{
    private readonly FakeTimeProvider _time = new(TestStates.Now);
    private readonly FakeAgents _agents = new();
    private readonly FakeRecorder _events = new();
    private readonly GaveUp _gaveUp = new();

    private PlacementReconciler Create(int maxRestarts = 3) => new(
        new SettableStateSource(TestStates.Build()), _agents, _gaveUp, _events, _time,
        Options.Create(new ControlPlaneOptions { Failover = new FailoverTimingOptions { MaxRestarts = maxRestarts } }),
        NullLogger<PlacementReconciler>.Instance);

    /// <summary>The lab state with <paramref name="service"/> on <paramref name="node"/> reported as <paramref name="observed"/>.</summary>
    private static ClusterState With(string node, string service, ObservedState observed, OperationSummary? running = null)
    {
        var healthy = TestStates.Build();
        var reports = healthy.Nodes.ToDictionary(
            n => n.Name,
            n => TestStates.Report(n.Name, n.IsActive) is var r && n.Name == node
                ? r with { Services = [.. r.Services.Select(s => s.Service == service ? s with { State = observed, ProbeOk = observed == ObservedState.Running } : s)] }
                : r);
        return ClusterStateBuilder.Build(2, TestStates.Now, healthy.Topology, LabDefaults.Catalog, reports, TestStates.AllUp, TimeSpan.FromSeconds(3), running);
    }

    [Fact]
    public async Task ReconcileAsync_ActiveServiceStoppedAfterRunning_RestartedInPlaceWithFailedAndRestartedEvents()
    {
        var reconciler = Create();

        await reconciler.ReconcileAsync(With("node-a", "mysqld", ObservedState.Running), CancellationToken.None);
        await reconciler.ReconcileAsync(With("node-a", "mysqld", ObservedState.Stopped), CancellationToken.None);

        var sent = await _agents.NextAsync();
        Assert.Equal(("node-a", AgentCommandKind.Start, "mysqld"), (sent.Node, sent.Command.Kind, sent.Command.ServiceName));
        Assert.Equal([EventKinds.ServiceFailed, EventKinds.ServiceRestarted], _events.Kinds);
        Assert.Null(_gaveUp.Service);
    }

    [Fact]
    public async Task ReconcileAsync_RestartsUsedUp_ReportsGaveUpAndSendsNoStart()
    {
        var reconciler = Create(maxRestarts: 1);
        await reconciler.ReconcileAsync(With("node-a", "mysqld", ObservedState.Running), CancellationToken.None);
        await reconciler.ReconcileAsync(With("node-a", "mysqld", ObservedState.Failed), CancellationToken.None);
        await _agents.NextAsync();
        _time.Advance(TimeSpan.FromSeconds(6));

        await reconciler.ReconcileAsync(With("node-a", "mysqld", ObservedState.Running), CancellationToken.None);
        await reconciler.ReconcileAsync(With("node-a", "mysqld", ObservedState.Failed), CancellationToken.None);

        Assert.Equal("mysqld", _gaveUp.Service);
        Assert.Equal([EventKinds.ServiceFailed, EventKinds.ServiceRestarted, EventKinds.ServiceFailed], _events.Kinds);
        Assert.Equal(1, _agents.Count);
    }

    [Fact]
    public async Task ReconcileAsync_StartRepeatedWithinBackoff_SentOnceThenAgainAfterIt()
    {
        var reconciler = Create();
        var stopped = With("node-a", "crond", ObservedState.Stopped);

        await reconciler.ReconcileAsync(stopped, CancellationToken.None);
        await _agents.NextAsync();
        await reconciler.ReconcileAsync(stopped, CancellationToken.None);
        var beforeBackoff = _agents.Count;
        _time.Advance(TimeSpan.FromSeconds(6));
        await reconciler.ReconcileAsync(stopped, CancellationToken.None);
        var again = await _agents.NextAsync();

        Assert.Equal(1, beforeBackoff);
        Assert.Equal((AgentCommandKind.Start, "crond"), (again.Command.Kind, again.Command.ServiceName));
    }

    [Fact]
    public async Task ReconcileAsync_GroupServiceRunningOnPassive_StopSent()
    {
        var reconciler = Create();

        await reconciler.ReconcileAsync(With("node-b", "shares-background", ObservedState.Running), CancellationToken.None);

        var sent = await _agents.NextAsync();
        Assert.Equal(("node-b", AgentCommandKind.Stop, "shares-background"), (sent.Node, sent.Command.Kind, sent.Command.ServiceName));
        Assert.Empty(_events.Kinds);
    }

    [Fact]
    public async Task ReconcileAsync_OperationRunning_NothingSentOrRecorded()
    {
        var reconciler = Create();
        var running = TestStates.Failover(OperationStatus.Running, "fence");

        await reconciler.ReconcileAsync(With("node-a", "mysqld", ObservedState.Running, running), CancellationToken.None);
        await reconciler.ReconcileAsync(With("node-a", "mysqld", ObservedState.Stopped, running), CancellationToken.None);
        await reconciler.ReconcileAsync(With("node-b", "mysqld", ObservedState.Running, running), CancellationToken.None);

        // The pass returns before deciding anything, so nothing can still be on its way.
        Assert.Equal(0, _agents.Count);
        Assert.Empty(_events.Kinds);
    }

    private sealed class FakeAgents : IAgentCommandSender
    {
        private readonly ConcurrentQueue<(string Node, AgentCommand Command)> _unread = new();
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public AgentConnection? Find(string node) => null;

        public Task<CommandReply> SendAsync(string node, AgentCommand command, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            _unread.Enqueue((node, command));
            return Task.FromResult(new CommandReply { CommandId = command.Id, Node = node, Ok = true });
        }

        /// <summary>The next command the reconciler sent (it sends without waiting for the reply).</summary>
        public Task<(string Node, AgentCommand Command)> NextAsync() =>
            Poll.UntilAsync(() => _unread.TryDequeue(out var c) ? c : default, c => c.Command is not null, "a command sent to an agent");
    }

    private sealed class FakeRecorder : IEventRecorder
    {
        private readonly ConcurrentQueue<string> _kinds = new();

        public List<string> Kinds => [.. _kinds];

        public Task<ClusterEvent> RecordAsync(string kind, string message, string? node = null, string? service = null, Guid? operationId = null, EventSeverity severity = EventSeverity.Info, CancellationToken cancellationToken = default)
        {
            _kinds.Enqueue(kind);
            return Task.FromResult(new ClusterEvent { Id = _kinds.Count, Time = TestStates.Now, Kind = kind, Message = message, Node = node, Service = service, Severity = severity });
        }
    }

    private sealed class GaveUp : IServiceGaveUpReporter
    {
        public string? Service { get; private set; }

        public void ReportGaveUp(string service) => Service = service;
    }
}
