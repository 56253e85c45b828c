using SharesConsole.ControlPlane.Failover;
using SharesConsole.Core.Failover;
using SharesConsole.Core.State;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.ControlPlane.Tests.Failover;

/// <summary>Every way a step fails: the run stops at that step, records it and leaves the epoch alone before the raise.</summary>
public sealed partial class OperationExecutorTests
{
    [Fact]
    public async Task Run_StaleEpoch_FailsWithoutStartingAnything()
    {
        _actions.Connected.Add("node-a");
        _actions.Epoch = 9;

        var outcome = await RunWithClockAsync(Failover(epoch: 5));

        Assert.Equal(OperationStatus.Failed, outcome.Status);
        Assert.Equal("raise-epoch", outcome.FailedStep);
        Assert.Contains("epoch is 9, not 5", outcome.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(_actions.Calls, c => c.StartsWith("start", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_SwitchoverWhenOldStillRuns_FailsAtConfirmBeforeEpoch()
    {
        var plan = Failover() with
        {
            Kind = OperationKind.Switchover,
            Steps = [new ConfirmStoppedStep(), new RaiseEpochStep(), new StartServiceStep("mysqld", "node-b")],
        };

        var outcome = await RunWithClockAsync(plan);

        Assert.Equal(OperationStatus.Failed, outcome.Status);
        Assert.Equal("confirm-stopped", outcome.FailedStep);
        Assert.Equal(5, _actions.Epoch);
    }

    [Fact]
    public async Task Run_StartFails_StopsAtThatStepAndRecordsIt()
    {
        _actions.Connected.Add("node-a");
        _actions.FailingStarts.Add("crond");

        var outcome = await RunWithClockAsync(Failover());

        Assert.Equal(OperationStatus.Failed, outcome.Status);
        Assert.Equal("start crond on node-b", outcome.FailedStep);
        Assert.DoesNotContain(_actions.Calls, c => c.Contains("stats-collector", StringComparison.Ordinal));
        Assert.Equal(StepStatus.Failed, _actions.Records.Last().Status);
    }

    [Fact]
    public async Task Run_EpochMovedToAnotherNode_IsStaleNotAlreadyRaised()
    {
        _actions.Connected.Add("node-a");
        (_actions.Epoch, _actions.Active) = (6, "node-c");

        var outcome = await RunWithClockAsync(Failover(epoch: 5));

        Assert.Equal(OperationStatus.Failed, outcome.Status);
        Assert.Equal("raise-epoch", outcome.FailedStep);
        Assert.Contains("epoch is 6, not 5", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal((6, "node-c"), (_actions.Epoch, _actions.Active));
        Assert.DoesNotContain(_actions.Calls, c => c.StartsWith("start", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_StopFails_SwitchoverStopsBeforeConfirmAndEpoch()
    {
        _actions.FailingStops.Add("crond");

        var outcome = await RunWithClockAsync(Switchover());

        Assert.Equal(OperationStatus.Failed, outcome.Status);
        Assert.Equal("stop crond on node-a", outcome.FailedStep);
        Assert.Equal("crond did not stop", outcome.Detail);
        Assert.Equal(["stop shares-background node-a @5", "stop stats-collector node-a @5", "stop crond node-a @5"], _actions.Calls);
        Assert.Equal(5, _actions.Epoch);
    }

    [Theory]
    [InlineData(OperationKind.Failover, "stop-group", "fence")]
    [InlineData(OperationKind.Failover, "raise", "raise-epoch")]
    [InlineData(OperationKind.Failover, "start crond", "start crond on node-b")]
    [InlineData(OperationKind.Switchover, "stop crond", "stop crond on node-a")]
    [InlineData(OperationKind.Switchover, "confirm", "confirm-stopped")]
    public async Task Run_ActionThrows_FailsThatStepWithTheExceptionAndRunsNothingAfter(OperationKind kind, string throwOn, string step)
    {
        _actions.Connected.Add("node-a");
        _actions.ThrowOn = throwOn;

        var outcome = await RunWithClockAsync(kind == OperationKind.Failover ? Failover() : Switchover());

        Assert.Equal(OperationStatus.Failed, outcome.Status);
        Assert.Equal(step, outcome.FailedStep);
        Assert.StartsWith("InvalidOperationException: scripted failure in ", outcome.Detail, StringComparison.Ordinal);
        Assert.StartsWith(throwOn, _actions.Calls[^1], StringComparison.Ordinal);
        var failed = _actions.Records[^1];
        Assert.Equal((step, StepStatus.Failed, outcome.Detail), (failed.Name, failed.Status, failed.Detail));
    }

    [Fact]
    public async Task Run_CancelledWhileFencing_ThrowsWithoutRecordingAFailure()
    {
        _actions.Connected.Add("node-a");
        _actions.StopGroupReply = async ct =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return ActionResult.Success("answered after all");
        };
        using var cancel = new CancellationTokenSource();
        var run = new OperationExecutor(_actions, _time).RunAsync(Failover(), new HashSet<OperationStep>(), cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync("the cancelled run"));
        Assert.Equal([("fence", StepStatus.Running)], _actions.Records.Select(r => (r.Name, r.Status)));
        Assert.Equal(5, _actions.Epoch);
    }
}
