using Microsoft.Extensions.Options;
using SharesConsole.ControlPlane.Configuration;
using SharesConsole.ControlPlane.Events;
using SharesConsole.ControlPlane.State;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Failover;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;

namespace SharesConsole.ControlPlane.Failover;

/// <summary>
/// Carries out one operation for the <see cref="OperationCoordinator"/>. Idempotent and resumable: it reloads
/// the operation, skips the steps already recorded as succeeded and never runs twice at once in a process.
/// </summary>
public sealed partial class OperationRunner(
    OperationStore operations,
    AgentFailoverActions actions,
    IClusterTopologySource topology,
    ClusterStore store,
    IEventRecorder events,
    OperationGates gates,
    TimeProvider time,
    IOptions<ControlPlaneOptions> options,
    ILogger<OperationRunner> logger) : IOperationRunner
{
    // One run per operation is the in-process gate below; across control planes the database's single
    // live-operation slot and the epoch compare-and-set keep a second runner from doing harm.
    public async Task RunAsync(Guid operationId, CancellationToken cancellationToken)
    {
        var gate = gates.For(operationId);
        if (!await gate.WaitAsync(0, cancellationToken))
        {
            return;
        }

        try
        {
            await RunOnceAsync(operationId, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task RunOnceAsync(Guid operationId, CancellationToken cancellationToken)
    {
        var stored = await operations.GetAsync(operationId, cancellationToken);
        if (stored is null || stored.Summary.Status is OperationStatus.Succeeded or OperationStatus.Failed)
        {
            return;
        }

        var resumed = stored.Summary.Status == OperationStatus.Running;
        await operations.MarkRunningAsync(operationId, cancellationToken);
        var (kind, source, target) = (stored.Summary.Kind, stored.Summary.SourceNode ?? "", stored.Summary.TargetNode ?? "");
        var summary = stored.Summary with { Status = OperationStatus.Running };
        store.TrackOperation(summary);
        var noun = kind == OperationKind.Failover ? "Failover" : kind == OperationKind.Switchover ? "Switchover" : "Failover drill";
        LogRunning(logger, noun, source, target, resumed);
        if (resumed)
        {
            await events.RecordAsync(StartedKind(kind), $"{noun} {source} → {target} resumed after a control-plane restart at step '{stored.Summary.CurrentStep}'.", target, operationId: operationId, cancellationToken: cancellationToken);
        }

        void OnStep(object? sender, (Guid Operation, StepRecord Step) e)
        {
            if (e.Operation == operationId)
            {
                store.TrackOperation(summary = summary with { CurrentStep = e.Step.Name });
            }
        }

        actions.StepRecorded += OnStep;
        OperationOutcome outcome;
        try
        {
            var executor = new OperationExecutor(actions, time) { FenceMargin = options.Value.Failover.FenceMargin };
            outcome = await executor.ResumeAsync(stored, topology.Current.Settings.Lease, cancellationToken);
        }
        finally
        {
            actions.StepRecorded -= OnStep;
        }

        var succeeded = outcome.Status == OperationStatus.Succeeded;
        await operations.CompleteAsync(operationId, succeeded, succeeded ? stored.EpochBefore + 1 : null, succeeded ? null : outcome.Detail, cancellationToken);
        var ended = time.GetUtcNow();
        store.TrackOperation(summary with { Status = outcome.Status, EndedAt = ended, CurrentStep = outcome.FailedStep ?? "done" });
        var took = (ended - stored.Summary.CreatedAt).TotalSeconds;
        await events.RecordAsync(
            succeeded ? CompletedKind(kind) : FailedKind(kind),
            succeeded
                ? $"{noun} {source} → {target} completed in {took:0.0} s; {target} runs the active/passive group."
                : $"{noun} {source} → {target} failed at '{outcome.FailedStep}' after {took:0.0} s: {outcome.Detail}",
            target,
            operationId: operationId,
            severity: succeeded ? EventSeverity.Info : EventSeverity.Error,
            cancellationToken: cancellationToken);
    }

    internal static string StartedKind(OperationKind kind) => kind == OperationKind.Failover ? EventKinds.FailoverStarted : EventKinds.SwitchoverStarted;

    private static string CompletedKind(OperationKind kind) => kind == OperationKind.Failover ? EventKinds.FailoverCompleted : EventKinds.SwitchoverCompleted;

    private static string FailedKind(OperationKind kind) => kind == OperationKind.Failover ? EventKinds.FailoverFailed : EventKinds.SwitchoverFailed;

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "{Kind} {Source} -> {Target} running (resumed: {Resumed})")]
    private static partial void LogRunning(ILogger logger, string kind, string source, string target, bool resumed);
}
