using Microsoft.Extensions.Time.Testing;
using SharesConsole.ControlPlane.Failover;
using SharesConsole.Core.Failover;
using SharesConsole.Core.Lab;
using SharesConsole.Core.State;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.ControlPlane.Tests.Failover;

public sealed partial class OperationExecutorTests
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

    private OperationPlan Switchover() => Failover() with
    {
        Kind = OperationKind.Switchover,
        Steps = OperationSteps.Switchover(LabDefaults.Catalog, "node-a", "node-b"),
    };

    private Task<OperationOutcome> RunWithClockAsync(OperationPlan plan, IReadOnlySet<OperationStep>? done = null) =>
        WithClockAsync(executor => executor.RunAsync(plan, done ?? new HashSet<OperationStep>(), CancellationToken.None));

    private async Task<OperationOutcome> WithClockAsync(Func<OperationExecutor, Task<OperationOutcome>> start)
    {
        var run = start(new OperationExecutor(_actions, _time));
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

    [Theory]
    [InlineData("fence", "stop-group node-a @5")]
    [InlineData("confirm-stopped", "confirm node-a")]
    [InlineData("raise-epoch", "raise 5->node-b")]
    [InlineData("stop crond on node-a", "stop crond node-a @5")]
    [InlineData("start crond on node-b", "start crond node-b @6")]
    public async Task Run_EachStepKind_CallsItsActionAndRecordsIt(string name, string call)
    {
        _actions.Connected.Add("node-a");
        _actions.Running["node-a"].Clear();
        Assert.True(OperationStep.TryParse(name, out var step));

        var outcome = await RunWithClockAsync(Failover() with { Steps = [step] });

        Assert.Equal(OperationStatus.Succeeded, outcome.Status);
        Assert.Equal([call], _actions.Calls);
        Assert.Equal([(name, StepStatus.Running), (name, StepStatus.Succeeded)], _actions.Records.Select(r => (r.Name, r.Status)));
    }

    [Fact]
    public async Task Run_Switchover_StopsInReverseConfirmsThenStarts()
    {
        _actions.Connected.Add("node-a");

        var outcome = await RunWithClockAsync(Switchover());

        Assert.Equal(OperationStatus.Succeeded, outcome.Status);
        Assert.Equal(
            ["stop shares-background node-a @5", "stop stats-collector node-a @5", "stop crond node-a @5", "stop mysqld node-a @5", "confirm node-a", "raise 5->node-b",
             "start mysqld node-b @6", "start crond node-b @6", "start stats-collector node-b @6", "start shares-background node-b @6"],
            _actions.Calls);
        Assert.All(_actions.Records.Where(r => r.Status == StepStatus.Succeeded), r => Assert.True(r.Duration >= TimeSpan.Zero));
    }
}
