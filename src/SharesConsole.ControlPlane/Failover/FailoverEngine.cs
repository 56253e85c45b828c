using SharesConsole.ControlPlane.Events;
using SharesConsole.ControlPlane.State;
using SharesConsole.Core.Failover;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;

namespace SharesConsole.ControlPlane.Failover;

/// <summary>
/// Starts operations: records them in the database (which allows one live operation at a time,
/// across control-plane instances) and hands them to the in-process coordinator.
/// </summary>
public sealed class FailoverEngine(
    IClusterStateSource state,
    OperationStore operations,
    ClusterStore store,
    IEventRecorder events,
    OperationCoordinator coordinator,
    Leadership.ILeadership leadership,
    TimeProvider time) : IOperationLauncher
{
    public Task<CommandResult<OperationSummary>> StartSwitchoverAsync(string targetNode, string actor, CancellationToken cancellationToken)
    {
        var current = state.Current;
        if (CandidateSelector.Refusal(current, targetNode) is { } refusal)
        {
            var notFound = current.Find(targetNode) is null;
            return Task.FromResult(CommandResult<OperationSummary>.Fail(notFound ? CommandResult.NotFound(refusal) : CommandResult.Conflict(refusal)));
        }

        return StartAsync(OperationKind.Switchover, current.Find(targetNode)!.Name, $"Planned switchover requested by {actor}.", cancellationToken);
    }

    public Task<CommandResult<OperationSummary>> StartDrillAsync(string actor, CancellationToken cancellationToken)
    {
        var current = state.Current;
        var target = CandidateSelector.Choose(current, current.Topology.ActiveNode);
        if (target is null || CandidateSelector.Refusal(current, target.Name) is not null)
        {
            return Task.FromResult(CommandResult<OperationSummary>.Fail(CommandResult.Conflict("No healthy passive node can take the active/passive group, so a drill cannot run.")));
        }

        return StartAsync(OperationKind.Drill, target.Name, $"Failover drill requested by {actor}.", cancellationToken);
    }

    /// <summary>Automatic failover decided by the monitor.</summary>
    public Task<CommandResult<OperationSummary>> StartFailoverAsync(FailoverTrigger.Decision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return StartAsync(OperationKind.Failover, decision.Target, decision.Reason, cancellationToken);
    }

    private async Task<CommandResult<OperationSummary>> StartAsync(OperationKind kind, string target, string reason, CancellationToken cancellationToken)
    {
        var current = state.Current;
        if (!leadership.IsLeader)
        {
            return CommandResult<OperationSummary>.Fail(CommandResult.Conflict("This control plane is not the leader (its lease may have run out); it starts no operation."));
        }

        if (current.RunningOperation is { } running)
        {
            return CommandResult<OperationSummary>.Fail(CommandResult.Conflict($"Another operation is running ({running.Kind} to {running.TargetNode}); one operation at a time."));
        }

        var source = current.Topology.ActiveNode ?? target;
        var plan = new OperationPlan
        {
            Id = Guid.NewGuid(),
            Kind = kind,
            Source = source,
            Target = target,
            ExpectedEpoch = current.Topology.Epoch,
            CreatedAt = time.GetUtcNow(),
            Lease = current.Topology.Settings.Lease,
            Steps = kind == OperationKind.Failover
                ? OperationSteps.Failover(current.Catalog, target)
                : OperationSteps.Switchover(current.Catalog, source, target),
        };
        if (!await operations.TryCreateAsync(plan, reason, cancellationToken, leadership.Fence))
        {
            return CommandResult<OperationSummary>.Fail(CommandResult.Conflict("Another operation is already pending or running (recorded in the database; one operation at a time), or this control plane lost the leadership."));
        }

        var summary = new OperationSummary
        {
            Id = plan.Id,
            Kind = kind,
            Status = OperationStatus.Pending,
            SourceNode = source,
            TargetNode = target,
            Reason = reason,
            CreatedAt = plan.CreatedAt,
            CurrentStep = plan.Steps[0].Name,
        };
        store.TrackOperation(summary);
        await events.RecordAsync(OperationRunner.StartedKind(kind), $"{kind} {source} → {target} started: {reason}", target, operationId: plan.Id, severity: kind == OperationKind.Failover ? EventSeverity.Warning : EventSeverity.Info, cancellationToken: cancellationToken);
        coordinator.Start(plan.Id);
        return CommandResult<OperationSummary>.From(summary);
    }
}
