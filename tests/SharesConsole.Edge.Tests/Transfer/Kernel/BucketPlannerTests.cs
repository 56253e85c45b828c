using SharesConsole.Edge.Transfer.Kernel;

namespace SharesConsole.Edge.Tests.Transfer.Kernel;

public sealed class BucketPlannerTests
{
    private static readonly HashSet<(int, string)> NoFlows = [];
    private static readonly BucketCandidate A = new("node-a", 1), B = new("node-b", 1), C = new("node-c", 1);

    [Fact]
    public void Plan_Start_EveryBucketOnAMemberAndEveryMemberUsed()
    {
        var plan = BucketPlanner.Plan([], [A, B, C], NoFlows);

        Assert.Equal(256, plan.Length);
        Assert.Equal(["node-a", "node-b", "node-c"], plan.Distinct().Order());
    }

    [Fact]
    public void Plan_NodeLeaves_OnlyItsBucketsMove()
    {
        var before = BucketPlanner.Plan([], [A, B, C], NoFlows);

        var after = BucketPlanner.Plan(before, [A, C], NoFlows);

        for (var bucket = 0; bucket < 256; bucket++)
        {
            Assert.True(before[bucket] == "node-b" ? after[bucket] is "node-a" or "node-c" : after[bucket] == before[bucket],
                $"bucket {bucket}: {before[bucket]} -> {after[bucket]}");
        }
    }

    [Fact]
    public void Plan_NodeReturns_BucketWithLiveFlowStaysIdleBucketGoesBack()
    {
        var ideal = BucketPlanner.Plan([], [A, B], NoFlows);
        var without = BucketPlanner.Plan(ideal, [A], NoFlows);
        var moved = Enumerable.Range(0, 256).Where(b => ideal[b] == "node-b").ToArray();
        var busy = moved[0];

        var back = BucketPlanner.Plan(without, [A, B], new HashSet<(int, string)> { (busy, "node-a") });

        Assert.Equal("node-a", back[busy]);
        Assert.All(moved.Skip(1), b => Assert.Equal("node-b", back[b]));
        Assert.Equal(ideal, BucketPlanner.Plan(back, [A, B], NoFlows));
    }

    [Fact]
    public void Plan_LiveFlowOnNodeThatLeft_BucketMovesAnyway()
    {
        var before = BucketPlanner.Plan([], [A, B], NoFlows);
        var bucket = Array.IndexOf(before, "node-b");

        var after = BucketPlanner.Plan(before, [A], new HashSet<(int, string)> { (bucket, "node-b") });

        Assert.Equal("node-a", after[bucket]);
    }

    [Fact]
    public void Plan_NoMembers_NoBucketHasANode()
    {
        Assert.All(BucketPlanner.Plan(BucketPlanner.Plan([], [A], NoFlows), [], NoFlows), Assert.Null);
    }
}
