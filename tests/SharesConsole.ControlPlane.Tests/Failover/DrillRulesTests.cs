using SharesConsole.ControlPlane.Failover;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Lab;
using SharesConsole.Core.State;
using static SharesConsole.Tests.Common.ClusterStates;

namespace SharesConsole.ControlPlane.Tests.Failover;

public sealed class DrillRulesTests
{
    [Fact]
    public void Refusal_AllHealthy_Allowed() => Assert.Null(DrillRules.Refusal(Healthy()));

    [Fact]
    public void Refusal_OperationRunning_Refused()
    {
        var state = Healthy() with { RunningOperation = new OperationSummary { Id = Guid.NewGuid(), Kind = OperationKind.Failover, Status = OperationStatus.Running, TargetNode = "node-b" } };

        Assert.Contains("another operation", DrillRules.Refusal(state), StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_PassiveDegraded_RefusedNamingIt()
    {
        var state = Build(Report("node-a", true), Report("node-b", false, change: o => o.Service == "nginx" ? o with { ProbeOk = false } : o));

        Assert.Equal("the cluster is not healthy: node-b is degraded.", DrillRules.Refusal(state));
    }

    [Fact]
    public void Refusal_ActiveDegraded_Refused()
    {
        var state = Build(Report("node-a", true, change: o => o.Service == "mysqld" ? o with { State = ObservedState.Failed } : o), Report("node-b", false));

        Assert.Equal("the cluster is not healthy: node-a is degraded.", DrillRules.Refusal(state));
    }

    [Fact]
    public void Refusal_OnlyPassiveInMaintenance_NoTarget()
    {
        var topology = LabDefaults.Topology with { Nodes = [LabDefaults.Topology.Nodes[0], LabDefaults.Topology.Nodes[1] with { Intent = OperatorIntent.Maintenance }] };

        Assert.Equal("no healthy passive node can take the active/passive group.", DrillRules.Refusal(Build(topology, Report("node-a", true), Report("node-b", false))));
    }

    [Fact]
    public void Refusal_NoActive_Refused() =>
        Assert.Equal("no node is active.", DrillRules.Refusal(Build(LabDefaults.Topology with { ActiveNode = null }, Report("node-a", false), Report("node-b", false))));
}
