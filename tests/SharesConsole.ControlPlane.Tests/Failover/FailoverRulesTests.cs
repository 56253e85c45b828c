using SharesConsole.ControlPlane.Failover;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Failover;
using SharesConsole.Core.Lab;
using SharesConsole.Core.Placement;
using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane.Tests.Failover;

public sealed class FailoverRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static ClusterState State(params (string Name, NodeVerdict Verdict, int Preference)[] nodes)
    {
        var topology = LabDefaults.Topology with
        {
            Nodes = [.. nodes.Select(n => new NodeState(LabDefaults.Node(n.Name, System.Net.IPAddress.Loopback, n.Preference)))],
            ActiveNode = nodes[0].Name,
        };
        return new ClusterState
        {
            Version = 1,
            At = Now,
            Topology = topology,
            Catalog = LabDefaults.Catalog,
            Nodes = [.. topology.Nodes.Select((n, i) => new NodeSnapshot { Node = n, Verdict = nodes[i].Verdict, IsActive = i == 0, AgentConnected = nodes[i].Verdict != NodeVerdict.Down })],
            Placement = PlacementPlanner.Compute(LabDefaults.Catalog, [.. nodes.Select(n => new NodeCondition(n.Name, n.Verdict))], nodes[0].Name),
        };
    }

    [Fact]
    public void Choose_PrefersHealthyThenPreferenceThenName()
    {
        var state = State(("a", NodeVerdict.Down, 0), ("c", NodeVerdict.Healthy, 2), ("b", NodeVerdict.Healthy, 2), ("d", NodeVerdict.Degraded, 1), ("e", NodeVerdict.Healthy, 3));

        Assert.Equal("b", CandidateSelector.Choose(state, "a")!.Name);
    }

    [Fact]
    public void Choose_NeverDrainingDownFencedOrMaintenance()
    {
        var state = State(("a", NodeVerdict.Down, 0), ("b", NodeVerdict.Draining, 1), ("c", NodeVerdict.Fenced, 1), ("d", NodeVerdict.Maintenance, 1), ("e", NodeVerdict.Down, 1));

        Assert.Null(CandidateSelector.Choose(state, "a"));
    }

    [Fact]
    public void Evaluate_ActiveDown_FailsOverToCandidate()
    {
        var decision = FailoverTrigger.Evaluate(State(("node-a", NodeVerdict.Down, 0), ("node-b", NodeVerdict.Healthy, 1)));

        Assert.Equal(("node-a", "node-b"), (decision!.Source, decision.Target));
        Assert.Contains("down", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ActiveDegraded_DoesNothing() =>
        Assert.Null(FailoverTrigger.Evaluate(State(("node-a", NodeVerdict.Degraded, 0), ("node-b", NodeVerdict.Healthy, 1))));

    [Theory]
    [InlineData(9, false)]
    [InlineData(11, true)]
    public void Evaluate_ActiveAgentSilentButWebUp_FailsOverOnlyAfterLease(int silentSeconds, bool expected)
    {
        var state = State(("node-a", NodeVerdict.Degraded, 0), ("node-b", NodeVerdict.Healthy, 1));
        state = state with
        {
            Nodes = [state.Nodes[0] with { HeartbeatAge = TimeSpan.FromSeconds(silentSeconds) }, state.Nodes[1]],
        };

        var decision = FailoverTrigger.Evaluate(state);

        Assert.Equal(LabDefaults.Topology.Settings.Lease, TimeSpan.FromSeconds(10));
        Assert.Equal(expected, decision is not null);
        if (decision is not null)
        {
            Assert.Equal("node-b", decision.Target);
            Assert.Contains("silent", decision.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Evaluate_OperationRunning_DoesNothing()
    {
        var state = State(("node-a", NodeVerdict.Down, 0), ("node-b", NodeVerdict.Healthy, 1)) with
        {
            RunningOperation = new OperationSummary { Id = Guid.NewGuid(), Kind = OperationKind.Failover, Status = OperationStatus.Running },
        };

        Assert.Null(FailoverTrigger.Evaluate(state));
    }

    [Fact]
    public void Evaluate_ServiceGaveUp_FailsOverEvenWhenNodeIsUp()
    {
        var decision = FailoverTrigger.Evaluate(State(("node-a", NodeVerdict.Degraded, 0), ("node-b", NodeVerdict.Healthy, 1)), "mysqld");

        Assert.Contains("mysqld", decision!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluateFailback_OffByDefault()
    {
        var state = State(("node-b", NodeVerdict.Healthy, 1), ("node-a", NodeVerdict.Healthy, 0));

        Assert.Null(FailoverTrigger.EvaluateFailback(state, _ => TimeSpan.FromHours(1), TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void EvaluateFailback_OnAndStable_ReturnsToPreferred()
    {
        var state = State(("node-b", NodeVerdict.Healthy, 1), ("node-a", NodeVerdict.Healthy, 0));
        state = state with { Topology = state.Topology with { Settings = state.Topology.Settings with { AutoFailback = true } } };

        Assert.Null(FailoverTrigger.EvaluateFailback(state, _ => TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1)));
        Assert.Equal("node-a", FailoverTrigger.EvaluateFailback(state, _ => TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1))!.Target);
    }

    [Fact]
    public void Refusal_ExplainsEachCase()
    {
        var state = State(("node-a", NodeVerdict.Healthy, 0), ("node-b", NodeVerdict.Degraded, 1), ("node-c", NodeVerdict.Healthy, 2));

        Assert.Contains("already the active", CandidateSelector.Refusal(state, "node-a"), StringComparison.Ordinal);
        Assert.Contains("degraded", CandidateSelector.Refusal(state, "node-b"), StringComparison.Ordinal);
        Assert.Contains("no node named", CandidateSelector.Refusal(state, "node-x"), StringComparison.Ordinal);
        Assert.Null(CandidateSelector.Refusal(state, "node-c"));
    }

    [Fact]
    public void RestartBudget_ThreeInTenMinutes_ThenRefusesUntilWindowPasses()
    {
        var budget = new RestartBudget();

        Assert.True(budget.TryConsume(Now));
        Assert.True(budget.TryConsume(Now.AddMinutes(1)));
        Assert.True(budget.TryConsume(Now.AddMinutes(2)));
        Assert.False(budget.TryConsume(Now.AddMinutes(3)));
        Assert.True(budget.TryConsume(Now.AddMinutes(10)));
        Assert.Equal(3, budget.Used(Now.AddMinutes(10)));
    }

    [Fact]
    public void IsKnownStopped_ConfirmedOrNoLeaseLeft()
    {
        Assert.Equal(TimeSpan.FromSeconds(2), FencingRules.DefaultMargin);
        Assert.False(FencingRules.IsKnownStopped(false, TimeSpan.FromTicks(1)));
        Assert.True(FencingRules.IsKnownStopped(false, TimeSpan.Zero));
        Assert.True(FencingRules.IsKnownStopped(true, TimeSpan.FromSeconds(11)));
    }

    [Fact]
    public void Steps_FailoverAndSwitchover_FollowStartAndStopOrder()
    {
        Assert.Equal(
            ["fence", "raise-epoch", "start mysqld on b", "start crond on b", "start stats-collector on b", "start shares-background on b"],
            OperationSteps.Failover(LabDefaults.Catalog, "b").Select(s => s.Name));
        Assert.Equal("stop shares-background on a", OperationSteps.Switchover(LabDefaults.Catalog, "a", "b")[0].Name);
    }
}
