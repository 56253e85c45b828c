using Microsoft.Extensions.Time.Testing;
using SharesConsole.Core.Failover;
using SharesConsole.ControlPlane.Failover;
using SharesConsole.Core.Lab;
using SharesConsole.Core.State;
using SharesConsole.Tests.Common.Polling;

using SharesConsole.ControlPlane.State;
using SharesConsole.ControlPlane.Events;
using SharesConsole.ControlPlane.Placement;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.ControlPlane.Configuration;

namespace SharesConsole.ControlPlane.Tests.Failover;

public sealed class OperationExecutorTests
{
    private static readonly string[] Group = ["mysqld", "crond", "stats-collector", "shares-background"];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeFailoverActions _actions;

    public OperationExecutorTests()
    {
        _actions = new FakeFailoverActions(_time);
        _actions.Connected.Add("node-b");
        _actions.Running["node-a"] = [.. Group];
    }

    private OperationPlan Failover(long epoch = 5) => new()
    {
        Id = Guid.NewGuid(),
        Kind = OperationKind.Failover,
        Source = "node-a",
        Target = "node-b",
        ExpectedEpoch = epoch,
        CreatedAt = _time.GetUtcNow(),
        Lease = TimeSpan.FromSeconds(10),
        Steps = OperationSteps.Failover(LabDefaults.Catalog, "node-b"),
    };

    private async Task<OperationOutcome> RunWithClockAsync(OperationPlan plan, IReadOnlySet<OperationStep>? done = null)
    {
        var executor = new OperationExecutor(_actions, _time);
        var run = executor.RunAsync(plan, done ?? new HashSet<OperationStep>(), CancellationToken.None);
        for (var i = 0; i < 1000 && !run.IsCompleted; i++)
        {
            await Task.Yield();
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        return await run.WaitAsync("the operation to finish");
    }

    [Fact]
    public async Task Run_OldActiveAnswers_StopsItThenRaisesEpochThenStartsInOrder()
    {
        _actions.Connected.Add("node-a");

        var outcome = await RunWithClockAsync(Failover());

        Assert.Equal(OperationStatus.Succeeded, outcome.Status);
        Assert.Equal(
            ["stop-group node-a @5", "raise 5->node-b", "start mysqld node-b @6", "start crond node-b @6", "start stats-collector node-b @6", "start shares-background node-b @6"],
            _actions.Calls);
        Assert.Empty(_actions.Running["node-a"]);
    }

    [Fact]
    public async Task Run_OldActiveSilent_WaitsForLeasePlusMarginBeforeStartingAnything()
    {
        _actions.Heartbeats["node-a"] = _time.GetUtcNow() - TimeSpan.FromSeconds(4);
        var expiry = _time.GetUtcNow() + TimeSpan.FromSeconds(6) + FencingRules.DefaultMargin;
        DateTimeOffset? raisedAt = null;
        _actions.OnPoll = () => raisedAt ??= _actions.Epoch == 6 ? _time.GetUtcNow() : null;

        var outcome = await RunWithClockAsync(Failover());

        Assert.Equal(OperationStatus.Succeeded, outcome.Status);
        var fence = _actions.Records.Last(r => r.Name == "fence");
        Assert.True(fence.EndedAt >= expiry, $"fenced at {fence.EndedAt:O}, lease expiry {expiry:O}");
        Assert.Contains("lease expired", fence.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(_actions.Calls, c => c.StartsWith("stop-group", StringComparison.Ordinal));
        var raise = _actions.Records.Last(r => r.Name == "raise-epoch");
        Assert.True(raise.StartedAt >= fence.EndedAt);
    }

    [Fact]
    public async Task Run_NodeReturnsDuringFencing_IsStoppedByCommandBeforeLeaseEnds()
    {
        _actions.Heartbeats["node-a"] = _time.GetUtcNow();
        var returnAt = _time.GetUtcNow() + TimeSpan.FromSeconds(3);
        _actions.OnPoll = () =>
        {
            if (_time.GetUtcNow() >= returnAt)
            {
                _actions.Connected.Add("node-a");
            }
        };

        var outcome = await RunWithClockAsync(Failover());

        Assert.Equal(OperationStatus.Succeeded, outcome.Status);
        Assert.Contains("stop-group node-a @5", _actions.Calls);
        var fence = _actions.Records.Last(r => r.Name == "fence");
        Assert.Contains("confirmed", fence.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("lease expired", fence.Detail, StringComparison.Ordinal);
        Assert.Empty(_actions.Running["node-a"]);
    }

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
    public async Task Run_ResumedAfterEpochWasRaised_SkipsDoneStepsAndNeverRaisesTwice()
    {
        var plan = Failover();
        _actions.Epoch = 6;
        _actions.Active = "node-b";
        _actions.Running["node-b"] = ["mysqld"];

        var outcome = await RunWithClockAsync(plan, new HashSet<OperationStep> { new FenceStep(), new RaiseEpochStep(), new StartServiceStep("mysqld", "node-b") });

        Assert.Equal(OperationStatus.Succeeded, outcome.Status);
        Assert.Equal(6, _actions.Epoch);
        Assert.Equal(["start crond node-b @6", "start stats-collector node-b @6", "start shares-background node-b @6"], _actions.Calls);
    }

    [Fact]
    public async Task Run_ResumedJustBeforeRecordingTheRaise_TreatsItAsAlreadyRaised()
    {
        _actions.Epoch = 6;
        _actions.Active = "node-b";

        var outcome = await RunWithClockAsync(Failover(), new HashSet<OperationStep> { new FenceStep() });

        Assert.Equal(OperationStatus.Succeeded, outcome.Status);
        Assert.Contains("resumed", _actions.Records.Last(r => r.Name == "raise-epoch").Detail, StringComparison.Ordinal);
        Assert.Equal(6, _actions.Epoch);
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
    public async Task Run_Switchover_StopsInReverseConfirmsThenStarts()
    {
        _actions.Connected.Add("node-a");
        var plan = Failover() with
        {
            Kind = OperationKind.Switchover,
            Steps = OperationSteps.Switchover(LabDefaults.Catalog, "node-a", "node-b"),
        };

        var outcome = await RunWithClockAsync(plan);

        Assert.Equal(OperationStatus.Succeeded, outcome.Status);
        Assert.Equal(
            ["stop shares-background node-a @5", "stop stats-collector node-a @5", "stop crond node-a @5", "stop mysqld node-a @5", "raise 5->node-b",
             "start mysqld node-b @6", "start crond node-b @6", "start stats-collector node-b @6", "start shares-background node-b @6"],
            _actions.Calls);
        Assert.All(_actions.Records.Where(r => r.Status == StepStatus.Succeeded), r => Assert.True(r.Duration >= TimeSpan.Zero));
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
}
