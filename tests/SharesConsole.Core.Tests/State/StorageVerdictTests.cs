using SharesConsole.Core.Agents;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Placement;
using SharesConsole.Core.State;
using SharesConsole.Tests.Common;

namespace SharesConsole.Core.Tests.State;

/// <summary>What an agent's storage verdict does to the node's verdict and to placement.</summary>
public sealed class StorageVerdictTests
{
    private static readonly StorageHealth Unfit = new()
    {
        Path = "/mnt/shares", Status = StorageStatus.ReadOnly, FitForActive = false, ConsecutiveFailures = 3, LastError = "/mnt/shares is read-only",
    };

    private static readonly StorageHealth Fit = new() { Path = "/mnt/shares", Status = StorageStatus.Ok, FitForActive = true };

    [Fact]
    public void Build_NoStorageReport_FitAndHealthy()
    {
        var state = ClusterStates.Healthy();

        Assert.All(state.Nodes, n => Assert.Equal((true, NodeVerdict.Healthy), (n.FitForActive, n.Verdict)));
    }

    [Fact]
    public void Build_StorageFit_Healthy()
    {
        var state = ClusterStates.Build(ClusterStates.Report("node-a", true) with { Storage = Fit }, ClusterStates.Report("node-b", false));

        Assert.Equal(NodeVerdict.Healthy, state.Find("node-a")!.Verdict);
    }

    [Fact]
    public void Build_PassiveNodeUnfit_DegradedAndTheGroupStaysWhereItIs()
    {
        var state = ClusterStates.Build(ClusterStates.Report("node-a", true), ClusterStates.Report("node-b", false) with { Storage = Unfit });

        var nodeB = state.Find("node-b")!;
        Assert.Equal((false, NodeVerdict.Degraded), (nodeB.FitForActive, nodeB.Verdict));
        Assert.False(state.Placement.ActiveUnavailable);
        Assert.Equal(DesiredState.Running, state.Placement["mysqld", "node-a"]);
        Assert.Equal(DesiredState.Stopped, state.Placement["mysqld", "node-b"]);
    }

    [Fact]
    public void Build_ActiveNodeUnfit_GroupNotRunThereButTheActiveActiveTierIs()
    {
        var state = ClusterStates.Build(ClusterStates.Report("node-a", true) with { Storage = Unfit }, ClusterStates.Report("node-b", false));

        Assert.True(state.Placement.ActiveUnavailable);
        Assert.Equal(DesiredState.Stopped, state.Placement["mysqld", "node-a"]);
        Assert.Equal(DesiredState.Running, state.Placement["nginx", "node-a"]);
    }

    [Fact]
    public void Compute_UnfitActive_NeverRunsTheGroup()
    {
        var plan = PlacementPlanner.Compute(Core.Lab.LabDefaults.Catalog, [new NodeCondition("node-a", NodeVerdict.Healthy, FitForActive: false), new NodeCondition("node-b", NodeVerdict.Healthy)], "node-a");

        Assert.DoesNotContain(plan.Entries, e => e.Service == "mysqld" && e.Desired == DesiredState.Running);
    }

    [Fact]
    public void UnfitReason_Unfit_NamesTheNodeTheCountTheKindAndTheError()
    {
        var reason = StorageRules.UnfitReason("node-b", Unfit);

        Assert.Equal("node-b is unfit for active: its shared storage probe failed 3 times in a row (read-only: /mnt/shares is read-only).", reason);
    }

    [Fact]
    public void UnfitReason_FitOrUnknown_Null()
    {
        Assert.Null(StorageRules.UnfitReason("node-b", Fit));
        Assert.Null(StorageRules.UnfitReason("node-b", null));
        Assert.Null(StorageRules.UnfitReason("node-b", Fit with { Status = StorageStatus.Timeout, ConsecutiveFailures = 2 }));
    }
}
