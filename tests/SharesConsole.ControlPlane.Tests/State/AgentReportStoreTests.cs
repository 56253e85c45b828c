using System.Collections.Immutable;
using SharesConsole.ControlPlane.State;
using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane.Tests.State;

/// <summary>Service states only move forward: a heartbeat taken before an applied command reply is not news.</summary>
public sealed class AgentReportStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static ImmutableArray<ServiceObservation> Mysqld(ObservedState state) => [new ServiceObservation { Service = "mysqld", State = state, ProbeOk = state == ObservedState.Running }];

    private static AgentReport Heartbeat(string instance, long sequence, ObservedState mysqld, int secondsLater = 0) => new()
    {
        Node = "node-a",
        ReceivedAt = Now.AddSeconds(secondsLater),
        Epoch = 2,
        Instance = instance,
        Sequence = sequence,
        Services = Mysqld(mysqld),
    };

    [Fact]
    public void Set_HeartbeatTakenBeforeAnAppliedReply_KeepsTheReplysServicesButTakesTheRest()
    {
        var store = new AgentReportStore();
        store.Set(Heartbeat("i1", 10, ObservedState.Stopped));
        store.ApplyCommandReply("node-a", "i1", 12, Mysqld(ObservedState.Running));

        store.Set(Heartbeat("i1", 11, ObservedState.Stopped, secondsLater: 1));

        var report = store.Snapshot()["node-a"];
        Assert.Equal((ObservedState.Running, 12L), (report.Services.Single().State, report.Sequence));
        Assert.Equal(Now.AddSeconds(1), report.ReceivedAt);
    }

    [Fact]
    public void Set_HeartbeatNewerThanTheReply_ReplacesTheServices()
    {
        var store = new AgentReportStore();
        store.Set(Heartbeat("i1", 10, ObservedState.Stopped));
        store.ApplyCommandReply("node-a", "i1", 12, Mysqld(ObservedState.Running));

        store.Set(Heartbeat("i1", 13, ObservedState.Failed, secondsLater: 1));

        Assert.Equal(ObservedState.Failed, store.Snapshot()["node-a"].Services.Single().State);
    }

    [Fact]
    public void Set_RestartedAgentWithLowerSequence_IsTakenAsNews()
    {
        var store = new AgentReportStore();
        store.Set(Heartbeat("i1", 500, ObservedState.Running));

        store.Set(Heartbeat("i2", 1, ObservedState.Stopped, secondsLater: 1));

        Assert.Equal((ObservedState.Stopped, "i2"), (store.Snapshot()["node-a"].Services.Single().State, store.Snapshot()["node-a"].Instance));
    }

    [Fact]
    public void ApplyCommandReply_OlderThanTheLastHeartbeatOrUnknownNode_ChangesNothing()
    {
        var store = new AgentReportStore();
        var updates = 0;
        store.Updated += (_, _) => updates++;
        store.Set(Heartbeat("i1", 20, ObservedState.Running));

        store.ApplyCommandReply("node-a", "i1", 19, Mysqld(ObservedState.Stopped));
        store.ApplyCommandReply("node-z", "i9", 1, Mysqld(ObservedState.Stopped));
        store.ApplyCommandReply("node-a", "i1", 0, Mysqld(ObservedState.Stopped));

        Assert.Equal(ObservedState.Running, store.Snapshot()["node-a"].Services.Single().State);
        Assert.Equal(1, updates);
    }
}
