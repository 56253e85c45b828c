using SharesConsole.ControlPlane.Failover;
using SharesConsole.Core.Agents;
using SharesConsole.Core.State;
using SharesConsole.Tests.Common;

namespace SharesConsole.ControlPlane.Tests.Failover;

/// <summary>A node whose shared storage is unfit: never a candidate, a switchover to it is refused, and as the active node it fails over.</summary>
public sealed class StorageFailoverRulesTests
{
    private static readonly StorageHealth Unfit = new()
    {
        Path = "/mnt/shares", Status = StorageStatus.Timeout, FitForActive = false, ConsecutiveFailures = 3, LastError = "the previous probe has been stuck for 4 s",
    };

    [Fact]
    public void Refusal_UnfitTarget_ExplainsTheStorage()
    {
        var state = ClusterStates.Build(ClusterStates.Report("node-a", true), ClusterStates.Report("node-b", false) with { Storage = Unfit });

        var refusal = CandidateSelector.Refusal(state, "node-b");

        Assert.Equal(
            "node-b is unfit for active: its shared storage probe failed 3 times in a row (timeout: the previous probe has been stuck for 4 s). A switchover needs a target whose shared storage works.",
            refusal);
    }

    [Fact]
    public void Choose_OnlyCandidateUnfit_None()
    {
        var state = ClusterStates.Build(ClusterStates.Report("node-a", true), ClusterStates.Report("node-b", false) with { Storage = Unfit });

        Assert.Null(CandidateSelector.Choose(state, "node-a"));
    }

    [Fact]
    public void Evaluate_ActiveUnfitAndTheOtherFit_FailsOverWithTheStorageReason()
    {
        var state = ClusterStates.Build(ClusterStates.Report("node-a", true) with { Storage = Unfit }, ClusterStates.Report("node-b", false));

        var decision = FailoverTrigger.Evaluate(state);

        Assert.NotNull(decision);
        Assert.Equal(("node-a", "node-b"), (decision.Source, decision.Target));
        Assert.StartsWith("node-a is unfit for active: its shared storage probe failed 3 times", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_BothUnfit_NoFailover()
    {
        var state = ClusterStates.Build(ClusterStates.Report("node-a", true) with { Storage = Unfit }, ClusterStates.Report("node-b", false) with { Storage = Unfit });

        Assert.Null(FailoverTrigger.Evaluate(state));
    }

    [Fact]
    public void Evaluate_ActiveFit_NoFailover()
    {
        var state = ClusterStates.Build(
            ClusterStates.Report("node-a", true) with { Storage = Unfit with { FitForActive = true, ConsecutiveFailures = 2 } }, ClusterStates.Report("node-b", false));

        Assert.Null(FailoverTrigger.Evaluate(state));
    }
}
