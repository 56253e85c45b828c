using SharesConsole.ControlPlane.Events;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.State;
using SharesConsole.Tests.Common;

namespace SharesConsole.ControlPlane.Tests.Events;

public sealed class VerdictTransitionsTests
{
    private static ClusterState With(NodeVerdict nodeB)
    {
        var state = TestStates.Build();
        return state with { Nodes = [.. state.Nodes.Select(n => n.Name == "node-b" ? n with { Verdict = nodeB } : n)] };
    }

    private static List<string> Walk(params NodeVerdict[] verdicts)
    {
        var transitions = new VerdictTransitions();
        var kinds = new List<string>();
        for (var i = 1; i < verdicts.Length; i++)
        {
            kinds.AddRange(transitions.Next(With(verdicts[i - 1]), With(verdicts[i])).Select(e => e.Kind));
        }

        return kinds;
    }

    [Fact]
    public void Next_DownThenDegradedThenHealthy_NodeUpOnceHealthy()
    {
        Assert.Equal(
            [EventKinds.NodeDown, EventKinds.NodeVerdictChanged, EventKinds.NodeUp],
            Walk(NodeVerdict.Healthy, NodeVerdict.Down, NodeVerdict.Degraded, NodeVerdict.Healthy));
    }

    [Fact]
    public void Next_DownStraightToHealthy_NodeUp()
    {
        Assert.Equal([EventKinds.NodeDown, EventKinds.NodeUp], Walk(NodeVerdict.Healthy, NodeVerdict.Down, NodeVerdict.Healthy));
    }

    [Fact]
    public void Next_DegradedAndBackWithoutBeingDown_NoNodeUp()
    {
        Assert.Equal(
            [EventKinds.NodeVerdictChanged, EventKinds.NodeVerdictChanged, EventKinds.NodeDown, EventKinds.NodeUp, EventKinds.NodeVerdictChanged, EventKinds.NodeVerdictChanged],
            Walk(NodeVerdict.Healthy, NodeVerdict.Degraded, NodeVerdict.Healthy, NodeVerdict.Down, NodeVerdict.Healthy, NodeVerdict.Degraded, NodeVerdict.Healthy));
    }

    [Fact]
    public void Next_DegradedEvent_IsAWarningNamingBothVerdicts()
    {
        var e = Assert.Single(new VerdictTransitions().Next(With(NodeVerdict.Healthy), With(NodeVerdict.Degraded)));

        Assert.Equal((EventKinds.NodeVerdictChanged, EventSeverity.Warning, "node-b", "node-b: Healthy → Degraded."), (e.Kind, e.Severity, e.Node, e.Message));
    }
}
