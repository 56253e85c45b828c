using SharesConsole.ControlPlane.Failover;
using SharesConsole.Core.Failover;
using SharesConsole.Core.State;
using SharesConsole.Simulation.Tests.Runs;

namespace SharesConsole.Simulation.Tests.ControlPlane;

/// <summary>The monitor (FailoverMonitor), the engine (FailoverEngine) and the runner (OperationRunner) around the real executor.</summary>
internal sealed partial class SimControlPlane
{
    private string? _gaveUp;

    /// <summary>The placement reconciler's report that an active/passive service used up its in-place restarts.</summary>
    public void ReportGaveUp(string service) => _gaveUp = service;

    /// <summary>An operator asks for a planned switchover to <paramref name="target"/> (FailoverEngine.StartSwitchoverAsync).</summary>
    public bool RequestSwitchover(string target)
    {
        if (CandidateSelector.Refusal(Current, target) is { } refusal)
        {
            _world.Trace.Add($"{Process}: switchover to {target} refused: {refusal}");
            return false;
        }

        return StartOperation(OperationKind.Switchover, target, "Planned switchover requested by the operator.");
    }

    /// <summary>The runner's step hook: the banner and the state show the step being run.</summary>
    public void OnStepRecorded(Guid operation, StepRecord step)
    {
        _world.Trace.Add($"{Process}: step '{step.Name}' {step.Status}: {step.Detail}");
        if (_running?.Id == operation)
        {
            Track(_running with { CurrentStep = step.Name });
        }
    }

    /// <summary>After the database's compare-and-set: the new active node and epoch (ClusterStore.RaiseEpochAsync).</summary>
    public void OnEpochRaised(string active, long epoch)
    {
        Topology.Update(t => t with { ActiveNode = active, Epoch = Math.Max(t.Epoch, epoch) });
        Rebuild();
    }

    private void Decide(ClusterState state)
    {
        if (Clock.GetElapsedTime(_startedAt) < _grace)
        {
            return;
        }

        var gaveUp = _gaveUp;
        if (FailoverTrigger.Evaluate(state, gaveUp) is { } decision && StartOperation(OperationKind.Failover, decision.Target, decision.Reason))
        {
            if (_gaveUp == gaveUp)
            {
                _gaveUp = null;
            }
        }
    }

    private bool StartOperation(OperationKind kind, string target, string reason)
    {
        var current = Current;
        if (current.RunningOperation is not null)
        {
            return false;
        }

        var source = current.Topology.ActiveNode ?? target;
        var plan = new OperationPlan
        {
            Id = _world.NewGuid(),
            Kind = kind,
            Source = source,
            Target = target,
            ExpectedEpoch = current.Topology.Epoch,
            CreatedAt = Clock.GetUtcNow(),
            Lease = current.Topology.Settings.Lease,
            Steps = kind == OperationKind.Failover
                ? OperationSteps.Failover(current.Catalog, target)
                : OperationSteps.Switchover(current.Catalog, source, target),
        };
        if (!_world.Database.TryCreate(plan, reason))
        {
            return false;
        }

        _world.Trace.Add($"{Process}: {kind} {source} -> {target} (epoch {plan.ExpectedEpoch}): {reason}");
        _world.OnOperationStarted();
        Track(new OperationSummary
        {
            Id = plan.Id, Kind = kind, Status = OperationStatus.Pending, SourceNode = source, TargetNode = target, Reason = reason,
            CreatedAt = plan.CreatedAt, CurrentStep = plan.Steps[0].Name,
        });
        StartRun(plan.Id);
        return true;
    }

    private void StartRun(Guid id) => _ = RunGuardedAsync(id);

    private async Task RunGuardedAsync(Guid id)
    {
        try
        {
            await RunAsync(id);
        }
        catch (Exception e)
        {
            _world.Fail($"the operation run threw {e}");
        }
    }

    // OperationRunner.RunOnceAsync, without events and logs.
    private async Task RunAsync(Guid id)
    {
        var stored = _world.Database.Get(id);
        if (stored is null || stored.Summary.Status is OperationStatus.Succeeded or OperationStatus.Failed)
        {
            return;
        }

        _world.Database.MarkRunning(id);
        var summary = stored.Summary with { Status = OperationStatus.Running };
        Track(summary);
        var executor = new OperationExecutor(_actions, Clock) { FenceMargin = _world.Parameters.FenceMargin };
        var outcome = await executor.ResumeAsync(stored, Topology.Current.Settings.Lease, CancellationToken.None);
        var succeeded = outcome.Status == OperationStatus.Succeeded;
        var ended = Clock.GetUtcNow();
        _world.Database.Complete(id, succeeded, ended);
        _world.Trace.Add($"{Process}: {summary.Kind} {summary.SourceNode} -> {summary.TargetNode} {outcome.Status}: {outcome.Detail}");
        Track((_running ?? summary) with { Status = outcome.Status, EndedAt = ended, CurrentStep = outcome.FailedStep ?? "done" });
    }

    // OperationTracker.Update.
    private void Track(OperationSummary operation)
    {
        if (operation.Status is OperationStatus.Pending or OperationStatus.Running)
        {
            _running = operation;
        }
        else
        {
            if (_running?.Id == operation.Id)
            {
                _running = null;
            }

            _lastFailover = operation;
        }

        Rebuild();
    }
}
