using System.Collections.Immutable;
using SharesConsole.Core.Catalog;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Lab;
using SharesConsole.Core.Placement;
using SharesConsole.Core.State;

namespace SharesConsole.Core.Tests.State;

public sealed class ClusterStateBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private sealed class FakeHealth(Dictionary<(string, PoolKind), bool> up) : INodeHealthSource
    {
        public event EventHandler? Changed { add { } remove { } }

        public bool IsUp(string node, PoolKind pool) => up.GetValueOrDefault((node, pool), true);
    }

    private static AgentReport Report(string node, bool active, TimeSpan age, ObservedState? override1 = null) => new()
    {
        Node = node,
        ReceivedAt = Now - age,
        Epoch = 1,
        Services = [.. LabDefaults.Catalog.Services
            .Where(s => active || s.Kind == ServiceKind.ActiveActive)
            .Select(s => new ServiceObservation { Service = s.Name, State = override1 is not null && s.Name == "mysqld" ? override1.Value : ObservedState.Running, ProbeOk = true })],
    };

    private static ClusterState Build(Dictionary<string, AgentReport> reports, Dictionary<(string, PoolKind), bool>? up = null, ClusterTopology? topology = null) =>
        ClusterStateBuilder.Build(7, Now, topology ?? LabDefaults.Topology, LabDefaults.Catalog, reports, new FakeHealth(up ?? []), Timeout);

    [Fact]
    public void Build_AllReportingAndProbed_BothHealthy()
    {
        var state = Build(new() { ["node-a"] = Report("node-a", true, TimeSpan.FromMilliseconds(500)), ["node-b"] = Report("node-b", false, TimeSpan.Zero) });

        Assert.All(state.Nodes, n => Assert.Equal(NodeVerdict.Healthy, n.Verdict));
        Assert.True(state.Active!.IsActive);
        Assert.Equal(TimeSpan.FromMilliseconds(500), state.Find("node-a")!.HeartbeatAge);
        Assert.Equal(DesiredState.Running, state.Placement["mysqld", "node-a"]);
    }

    [Fact]
    public void Build_StaleHeartbeatAndProbesDown_IsDownAndGroupHasNoHome()
    {
        var up = new Dictionary<(string, PoolKind), bool> { [("node-a", PoolKind.Web)] = false, [("node-a", PoolKind.Transfer)] = false };

        var state = Build(new() { ["node-a"] = Report("node-a", true, TimeSpan.FromSeconds(4)), ["node-b"] = Report("node-b", false, TimeSpan.Zero) }, up);

        Assert.Equal(NodeVerdict.Down, state.Find("node-a")!.Verdict);
        Assert.True(state.Placement.ActiveUnavailable);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(-30)]
    public void Build_WallClockStepped_HeartbeatAgeFromTheMonotonicStamp(int stepSeconds)
    {
        // The report arrived 0.5 s ago on the monotonic clock; the wall clock then stepped. A +30 s step made the node
        // look silent past the lease (an unneeded failover), a -30 s step would keep a silent node fresh for 30 s.
        var step = TimeSpan.FromSeconds(stepSeconds);
        var report = Report("node-a", true, TimeSpan.FromMilliseconds(500) - step) with { ReceivedTimestamp = 1_000 };
        long? asked = null;

        var state = ClusterStateBuilder.Build(7, Now, LabDefaults.Topology, LabDefaults.Catalog,
            new Dictionary<string, AgentReport> { ["node-a"] = report, ["node-b"] = Report("node-b", false, TimeSpan.Zero) },
            new FakeHealth([]), Timeout, elapsedSince: stamp => { asked = stamp; return TimeSpan.FromMilliseconds(500); });

        Assert.Equal(1_000, asked);
        Assert.Equal(TimeSpan.FromMilliseconds(500), state.Find("node-a")!.HeartbeatAge);
        Assert.Equal(NodeVerdict.Healthy, state.Find("node-a")!.Verdict);
    }

    [Fact]
    public void Build_ReportWithoutStamp_AgeFromTheWallClock()
    {
        var state = ClusterStateBuilder.Build(7, Now, LabDefaults.Topology, LabDefaults.Catalog,
            new Dictionary<string, AgentReport> { ["node-a"] = Report("node-a", true, TimeSpan.FromSeconds(2)) },
            new FakeHealth([]), Timeout, elapsedSince: _ => throw new InvalidOperationException("no stamp to read"));

        Assert.Equal(TimeSpan.FromSeconds(2), state.Find("node-a")!.HeartbeatAge);
    }

    [Fact]
    public void Build_StaleHeartbeatButWebProbeUp_IsDegradedNotDown()
    {
        var state = Build(new() { ["node-a"] = Report("node-a", true, TimeSpan.FromSeconds(30)), ["node-b"] = Report("node-b", false, TimeSpan.Zero) });

        Assert.Equal(NodeVerdict.Degraded, state.Find("node-a")!.Verdict);
    }

    [Fact]
    public void Build_HungNodeStillAcceptingTcp_IsDown()
    {
        var up = new Dictionary<(string, PoolKind), bool> { [("node-a", PoolKind.Web)] = false, [("node-a", PoolKind.Transfer)] = true };

        var state = Build(new() { ["node-a"] = Report("node-a", true, TimeSpan.FromSeconds(5)), ["node-b"] = Report("node-b", false, TimeSpan.Zero) }, up);

        Assert.Equal(NodeVerdict.Down, state.Find("node-a")!.Verdict);
    }

    [Fact]
    public void Build_ProbesDownButHeartbeatFresh_IsDegraded()
    {
        var up = new Dictionary<(string, PoolKind), bool> { [("node-b", PoolKind.Web)] = false, [("node-b", PoolKind.Transfer)] = false };

        var state = Build(new() { ["node-a"] = Report("node-a", true, TimeSpan.Zero), ["node-b"] = Report("node-b", false, TimeSpan.Zero) }, up);

        Assert.Equal(NodeVerdict.Degraded, state.Find("node-b")!.Verdict);
    }

    [Fact]
    public void Build_FailedActivePassiveServiceOnActive_IsDegraded()
    {
        var state = Build(new() { ["node-a"] = Report("node-a", true, TimeSpan.Zero, ObservedState.Failed), ["node-b"] = Report("node-b", false, TimeSpan.Zero) });

        Assert.Equal(NodeVerdict.Degraded, state.Find("node-a")!.Verdict);
        Assert.Equal(ObservedState.Failed, state.Find("node-a")!.StateOf("mysqld"));
        Assert.Equal(NodeVerdict.Healthy, state.Find("node-b")!.Verdict);
    }

    [Theory]
    [InlineData(OperatorIntent.Drained, NodeVerdict.Draining)]
    [InlineData(OperatorIntent.Maintenance, NodeVerdict.Maintenance)]
    [InlineData(OperatorIntent.Fenced, NodeVerdict.Fenced)]
    [InlineData(OperatorIntent.Drained | OperatorIntent.Fenced, NodeVerdict.Fenced)]
    public void Build_OperatorIntent_WinsOverHealth(OperatorIntent intent, NodeVerdict expected)
    {
        var topology = LabDefaults.Topology with { Nodes = LabDefaults.Topology.Nodes.SetItem(1, LabDefaults.Topology.Nodes[1] with { Intent = intent }) };

        var state = Build(new() { ["node-a"] = Report("node-a", true, TimeSpan.Zero), ["node-b"] = Report("node-b", false, TimeSpan.Zero) }, topology: topology);

        Assert.Equal(expected, state.Find("node-b")!.Verdict);
    }

    [Fact]
    public void Build_NoReportAtAll_NodeWithoutProbesIsDown()
    {
        var up = new Dictionary<(string, PoolKind), bool> { [("node-b", PoolKind.Web)] = false, [("node-b", PoolKind.Transfer)] = false };

        var state = Build(new() { ["node-a"] = Report("node-a", true, TimeSpan.Zero) }, up);

        Assert.Equal(NodeVerdict.Down, state.Find("node-b")!.Verdict);
        Assert.Null(state.Find("node-b")!.HeartbeatAge);
        Assert.Equal(7, state.Version);
        Assert.Equal(ImmutableDictionary<string, ServiceObservation>.Empty.Count, state.Find("node-b")!.Services.Count);
    }
}
