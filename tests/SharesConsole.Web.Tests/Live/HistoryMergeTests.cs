using SharesConsole.Core.State;
using SharesConsole.Edge.Counters;
using SharesConsole.Tests.Common;
using SharesConsole.Web.Live;

namespace SharesConsole.Web.Tests.Live;

public sealed class HistoryMergeTests
{
    [Fact]
    public void MergeOperations_StoredEndedAndLiveCopy_StoredWinsAndLiveOnlyAdded()
    {
        var ended = TestStates.Failover(OperationStatus.Succeeded, null);
        var storedSteps = new[] { new StepRecord("fence node-a", ended.CreatedAt, ended.CreatedAt.AddSeconds(1)) };
        var running = TestStates.Failover(OperationStatus.Running, "fence node-b") with { CreatedAt = ended.CreatedAt.AddMinutes(1) };

        var merged = OperationTimeline.Merge([new OperationRecord(ended, storedSteps)], [running, ended], limit: 10);

        Assert.Equal([running.Id, ended.Id], merged.Select(r => r.Summary.Id));
        Assert.Single(merged[1].Steps);
    }

    [Fact]
    public void MergeOperations_StoreStillSaysRunningButLiveEnded_LiveWins()
    {
        var running = TestStates.Failover(OperationStatus.Running, "fence node-a");
        var ended = running with { Status = OperationStatus.Succeeded, EndedAt = running.CreatedAt.AddSeconds(3) };

        var step = new StepRecord("fence node-a", running.CreatedAt, null);

        var merged = OperationTimeline.Merge([new OperationRecord(running, [step])], [ended, null], limit: 10);

        Assert.Equal(OperationStatus.Succeeded, Assert.Single(merged).Summary.Status);
        Assert.Equal([step], merged[0].Steps);
    }

    [Fact]
    public void MergeMinutes_LiveOverlapsStored_StoredKeptLiveOnlyAfterLastStored()
    {
        var t = TestStates.Now;
        TrafficSample Sample(int minute, double rps) => new(t.AddMinutes(minute), [new TrafficRate("node-a", EdgeProtocol.Web, rps, 0, 0, 0, 0)]);

        var merged = TrafficMinutes.Merge([Sample(0, 1), Sample(1, 2)], [Sample(1, 99), Sample(2, 3), Sample(3, 4)], count: 3);

        Assert.Equal([2.0, 3, 4], merged.Select(s => s.RequestsPerSecond(EdgeProtocol.Web)));
    }
}
