using SharesConsole.Core.Cluster;
using SharesConsole.Core.Drift;
using SharesConsole.Core.Lab;
using SharesConsole.Core.State;
using static SharesConsole.Tests.Common.ClusterStates;

namespace SharesConsole.Core.Tests.Drift;

public sealed class DriftInspectorTests
{
    [Fact]
    public void Inspect_EverythingAsPlanned_FindsNothing() =>
        Assert.Empty(DriftInspector.Inspect(Healthy(), HeartbeatTimeout));

    [Fact]
    public void Inspect_GroupServiceOnPassive_PlacementErrorOnThatNode()
    {
        var state = Build(Report("node-a", true), Report("node-b", false, change: o => o.Service == "mysqld" ? o with { State = ObservedState.Running } : o));

        var finding = Assert.Single(DriftInspector.Inspect(state, HeartbeatTimeout));

        Assert.Equal((DriftKind.Placement, "node-b", "mysqld", EventSeverity.Error), (finding.Kind, finding.Node, finding.Service, finding.Severity));
        Assert.Equal("placement:mysqld@node-b", finding.Key);
        Assert.Contains("not the active node", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_GroupServiceStoppedOnActive_PlacementDrift()
    {
        var state = Build(Report("node-a", true, change: o => o.Service == "crond" ? o with { State = ObservedState.Stopped, ProbeOk = false } : o), Report("node-b", false));

        var finding = Assert.Single(DriftInspector.Inspect(state, HeartbeatTimeout));

        Assert.Equal(("placement:crond@node-a", "crond should run on node-a but is stopped."), (finding.Key, finding.Message));
    }

    [Fact]
    public void Inspect_RunningButProbeFails_ProbeDrift()
    {
        var state = Build(Report("node-a", true, change: o => o.Service == "nginx" ? o with { ProbeOk = false, Error = "HTTP 503" } : o), Report("node-b", false));

        var finding = Assert.Single(DriftInspector.Inspect(state, HeartbeatTimeout));

        Assert.Equal((DriftKind.Probe, "probe:nginx@node-a"), (finding.Kind, finding.Key));
        Assert.EndsWith("HTTP 503", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_PassiveSilent_HeartbeatWarningOnlyNoServiceJudgement()
    {
        var state = Build(Report("node-a", true), Report("node-b", false, age: TimeSpan.FromSeconds(7), change: o => o with { State = ObservedState.Failed }));

        var finding = Assert.Single(DriftInspector.Inspect(state, HeartbeatTimeout));

        Assert.Equal((DriftKind.Heartbeat, "node-b", EventSeverity.Warning), (finding.Kind, finding.Node, finding.Severity));
        Assert.Contains("7.0 s", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_ActiveSilentPastLease_HeartbeatAndLeaseErrors()
    {
        var state = Build(Report("node-a", true, age: TimeSpan.FromSeconds(13)), Report("node-b", false));

        var findings = DriftInspector.Inspect(state, HeartbeatTimeout);

        Assert.Equal(["heartbeat:node-a", "lease:node-a"], findings.Select(f => f.Key));
        Assert.All(findings, f => Assert.Equal(EventSeverity.Error, f.Severity));
        Assert.Contains("expired 3.0 s ago", findings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_ActiveSilentWithinLease_NoLeaseDrift()
    {
        var state = Build(Report("node-a", true, age: TimeSpan.FromSeconds(9)), Report("node-b", false));

        Assert.Equal(["heartbeat:node-a"], DriftInspector.Inspect(state, HeartbeatTimeout).Select(f => f.Key));
    }

    [Fact]
    public void Inspect_ActiveSilentPastLeaseDuringOperation_NoLeaseDrift()
    {
        var state = Build(Report("node-a", true, age: TimeSpan.FromSeconds(30)), Report("node-b", false)) with
        {
            RunningOperation = new OperationSummary { Id = Guid.NewGuid(), Kind = OperationKind.Failover, Status = OperationStatus.Running },
        };

        Assert.DoesNotContain(DriftInspector.Inspect(state, HeartbeatTimeout), f => f.Kind == DriftKind.Lease);
    }

    [Fact]
    public void Inspect_NeverReported_SaysSo()
    {
        var finding = Assert.Single(DriftInspector.Inspect(Build(Report("node-a", true)), HeartbeatTimeout));

        Assert.Equal("node-b's agent has never reported.", finding.Message);
    }

    [Fact]
    public void Inspect_NodeInMaintenanceSilent_NotJudged()
    {
        var topology = LabDefaults.Topology with { Nodes = [LabDefaults.Topology.Nodes[0], LabDefaults.Topology.Nodes[1] with { Intent = OperatorIntent.Maintenance }] };

        Assert.Empty(DriftInspector.Inspect(Build(topology, Report("node-a", true)), HeartbeatTimeout));
    }

    [Theory]
    [InlineData(0, EventSeverity.Warning, "behind")]
    [InlineData(2, EventSeverity.Error, "newer")]
    public void Inspect_AgentEpochDiffers_EpochDrift(long agentEpoch, EventSeverity severity, string word)
    {
        var state = Build(Report("node-a", true), Report("node-b", false, epoch: agentEpoch));

        var finding = Assert.Single(DriftInspector.Inspect(state, HeartbeatTimeout));

        Assert.Equal(("epoch:node-b", severity), (finding.Key, finding.Severity));
        Assert.Contains(word, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_NoActiveNode_TopologyDrift()
    {
        var state = Build(LabDefaults.Topology with { ActiveNode = null }, Report("node-a", false), Report("node-b", false));

        var finding = Assert.Single(DriftInspector.Inspect(state, HeartbeatTimeout));

        Assert.Equal((DriftKind.Topology, EventSeverity.Error), (finding.Kind, finding.Severity));
    }
}
