using SharesConsole.Core.Failover;
using SharesConsole.Core.Lab;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;

namespace SharesConsole.ControlPlane.Tests.Failover;

/// <summary>Resuming a recorded operation: only the steps not recorded as succeeded run, and unknown stored steps stop it.</summary>
public sealed partial class OperationExecutorTests
{
    public static TheoryData<OperationKind, int> EveryResumePoint
    {
        get
        {
            var data = new TheoryData<OperationKind, int>();
            foreach (var (kind, count) in new[]
            {
                (OperationKind.Failover, OperationSteps.Failover(LabDefaults.Catalog, "node-b").Count),
                (OperationKind.Switchover, OperationSteps.Switchover(LabDefaults.Catalog, "node-a", "node-b").Count),
            })
            {
                for (var done = 0; done <= count; done++)
                {
                    data.Add(kind, done);
                }
            }

            return data;
        }
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

    [Theory]
    [MemberData(nameof(EveryResumePoint))]
    public async Task Resume_FirstStepsRecordedSucceeded_RunsOnlyTheRest(OperationKind kind, int done)
    {
        _actions.Connected.Add("node-a");
        var plan = kind == OperationKind.Failover ? Failover() : Switchover();
        foreach (var step in plan.Steps.Take(done))
        {
            AlreadyDone(step);
        }

        // The step a restart interrupted is still recorded as running; it runs again.
        var stored = Stored(plan, plan.Steps.Select((s, i) => (s.Name, i < done ? StepStatus.Succeeded : i == done ? StepStatus.Running : StepStatus.Pending)));
        var outcome = await WithClockAsync(executor => executor.ResumeAsync(stored, plan.Lease, CancellationToken.None));

        Assert.Equal(OperationStatus.Succeeded, outcome.Status);
        var rest = plan.Steps.Skip(done).ToList();
        Assert.Equal(rest.SelectMany(CallsOf), _actions.Calls);
        Assert.Equal(rest.Select(s => s.Name), _actions.Records.Where(r => r.Status == StepStatus.Succeeded).Select(r => r.Name));
        Assert.Equal((6, "node-b"), (_actions.Epoch, _actions.Active));
        Assert.Equal(Group.Order(StringComparer.Ordinal), _actions.Running["node-b"].Order(StringComparer.Ordinal));
        Assert.Empty(_actions.Running["node-a"]);
    }

    [Fact]
    public async Task Resume_StoredStepsOutOfOrder_RunsThemByIndex()
    {
        _actions.Connected.Add("node-a");
        var plan = Failover();
        var stored = Stored(plan, plan.Steps.Select(s => (s.Name, StepStatus.Pending)));

        var outcome = await WithClockAsync(executor => executor.ResumeAsync(stored with { Steps = [.. stored.Steps.Reverse()] }, plan.Lease, CancellationToken.None));

        Assert.Equal(OperationStatus.Succeeded, outcome.Status);
        Assert.Equal(plan.Steps.SelectMany(CallsOf), _actions.Calls);
    }

    [Theory]
    [InlineData("teleport node-b", 0, StepStatus.Pending)]
    [InlineData("start mysqld", 2, StepStatus.Pending)]
    [InlineData("Fence", 1, StepStatus.Pending)]
    [InlineData("drain node-a", 1, StepStatus.Succeeded)]
    [InlineData("start crond on node b", 6, StepStatus.Pending)]
    public async Task Resume_UnknownStoredStep_FailsTheOperationBeforeAnyStepRuns(string unknown, int position, StepStatus status)
    {
        _actions.Connected.Add("node-a");
        var plan = Failover();
        var steps = plan.Steps.Select(s => (s.Name, StepStatus.Pending)).ToList();
        steps.Insert(position, (unknown, status));

        var outcome = await WithClockAsync(executor => executor.ResumeAsync(Stored(plan, steps), plan.Lease, CancellationToken.None));

        Assert.Equal(OperationStatus.Failed, outcome.Status);
        Assert.Equal(unknown, outcome.FailedStep);
        Assert.Contains($"'{unknown}' is not one this version of the control plane knows", outcome.Detail, StringComparison.Ordinal);
        Assert.Empty(_actions.Calls);
        var record = Assert.Single(_actions.Records);
        Assert.Equal((unknown, StepStatus.Failed, outcome.Detail), (record.Name, record.Status, record.Detail));
        Assert.Equal(5, _actions.Epoch);
    }

    private static StoredOperation Stored(OperationPlan plan, IEnumerable<(string Name, StepStatus Status)> steps) => new()
    {
        Summary = new OperationSummary
        {
            Id = plan.Id,
            Kind = plan.Kind,
            Status = OperationStatus.Running,
            SourceNode = plan.Source,
            TargetNode = plan.Target,
            CreatedAt = plan.CreatedAt,
        },
        EpochBefore = plan.ExpectedEpoch,
        Steps = [.. steps.Select((s, i) => new StoredStep(i, s.Name, s.Status, null, null, null))],
    };

    /// <summary>Puts the world where an earlier run that completed this step left it.</summary>
    private void AlreadyDone(OperationStep step)
    {
        switch (step)
        {
            case FenceStep:
                _actions.Running["node-a"].Clear();
                break;
            case StopServiceStep stop:
                _actions.Running[stop.Node].Remove(stop.Service);
                break;
            case RaiseEpochStep:
                (_actions.Epoch, _actions.Active) = (6, "node-b");
                break;
            case StartServiceStep start:
                _actions.Running.TryAdd(start.Node, []);
                _actions.Running[start.Node].Add(start.Service);
                break;
        }
    }

    /// <summary>What running the step asks of the fake, for a plan from node-a to node-b at epoch 5.</summary>
    private static IEnumerable<string> CallsOf(OperationStep step) => step switch
    {
        FenceStep => ["stop-group node-a @5"],
        ConfirmStoppedStep => ["confirm node-a"],
        RaiseEpochStep => ["raise 5->node-b"],
        StopServiceStep stop => [$"stop {stop.Service} {stop.Node} @5"],
        StartServiceStep start => [$"start {start.Service} {start.Node} @6"],
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "no such step kind"),
    };
}
