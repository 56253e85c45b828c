using SharesConsole.Core.State;

using SharesConsole.ControlPlane.State;
using SharesConsole.ControlPlane.Events;
using SharesConsole.ControlPlane.Placement;
using SharesConsole.Core.Failover;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.ControlPlane.Configuration;

namespace SharesConsole.ControlPlane.Failover;

/// <summary>
/// Runs an operation's steps in order, skipping those already recorded as succeeded, so a run
/// that was cut short (control-plane restart) resumes where it stopped. The active/passive group
/// is started on the target only after the old active is known stopped and the epoch moved.
/// </summary>
public sealed class OperationExecutor(IFailoverActions actions, TimeProvider time)
{
    /// <summary>How often fencing re-checks a lost node while it waits for the lease.</summary>
    public TimeSpan FencePoll { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan FenceMargin { get; init; } = FencingRules.DefaultMargin;

    public async Task<OperationOutcome> RunAsync(OperationPlan plan, IReadOnlySet<string> succeeded, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(succeeded);
        foreach (var step in plan.Steps)
        {
            if (succeeded.Contains(step))
            {
                continue;
            }

            var started = time.GetUtcNow();
            await actions.RecordStepAsync(plan.Id, new StepRecord(step, StepStatus.Running, started, started, "running"), cancellationToken);
            ActionResult result;
            try
            {
                result = await ExecuteAsync(plan, step, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                result = ActionResult.Failure($"{ex.GetType().Name}: {ex.Message}");
            }

            var record = new StepRecord(step, result.Ok ? StepStatus.Succeeded : StepStatus.Failed, started, time.GetUtcNow(), result.Detail);
            await actions.RecordStepAsync(plan.Id, record, cancellationToken);
            if (!result.Ok)
            {
                return new OperationOutcome(OperationStatus.Failed, step, result.Detail);
            }
        }

        return new OperationOutcome(OperationStatus.Succeeded, null, $"{plan.Target} is active.");
    }

    private Task<ActionResult> ExecuteAsync(OperationPlan plan, string step, CancellationToken ct)
    {
        if (step == OperationStepNames.Fence)
        {
            return FenceAsync(plan, ct);
        }

        if (step == OperationStepNames.Confirm)
        {
            return ConfirmAsync(plan, ct);
        }

        if (step == OperationStepNames.RaiseEpoch)
        {
            return RaiseEpochAsync(plan, ct);
        }

        foreach (var (prefix, start) in new[] { ("start ", true), ("stop ", false) })
        {
            if (step.StartsWith(prefix, StringComparison.Ordinal))
            {
                var on = step.LastIndexOf(" on ", StringComparison.Ordinal);
                var service = step[prefix.Length..on];
                var node = step[(on + 4)..];
                return start
                    ? actions.StartServiceAsync(node, service, plan.ExpectedEpoch + 1, ct)
                    : actions.StopServiceAsync(node, service, plan.ExpectedEpoch, ct);
            }
        }

        return Task.FromResult(ActionResult.Failure($"Unknown step '{step}'."));
    }

    private static readonly TimeSpan LateStopWait = TimeSpan.FromSeconds(1);

    private async Task<ActionResult> FenceAsync(OperationPlan plan, CancellationToken ct)
    {
        var expiry = FencingRules.LeaseExpiry(actions.LastHeartbeat(plan.Source), plan.CreatedAt, plan.Lease, FenceMargin);
        var lastError = "agent not connected";
        while (true)
        {
            var remaining = expiry - time.GetUtcNow();
            if (actions.IsConnected(plan.Source))
            {
                // A hung agent may keep its connection open without answering: the stop races the lease, and
                // whichever comes first (its confirmation, or the lease running out) proves the node stopped.
                // Past the lease, a connected node still gets one short chance to confirm.
                using var untilExpiry = new CancellationTokenSource(remaining > LateStopWait ? remaining : LateStopWait, time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, untilExpiry.Token);
                try
                {
                    var stop = await actions.StopGroupAsync(plan.Source, plan.ExpectedEpoch, linked.Token);
                    if (stop.Ok)
                    {
                        return ActionResult.Success($"{plan.Source} confirmed it stopped its active/passive services.");
                    }

                    lastError = stop.Detail;
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    lastError = "no answer to the stop command before the lease ran out";
                }
            }

            var now = time.GetUtcNow();
            if (FencingRules.IsKnownStopped(false, now, expiry))
            {
                return ActionResult.Success($"{plan.Source} did not answer ({lastError}); its lease expired at {expiry:HH:mm:ss.fff}, so it has fenced itself.");
            }

            var wait = expiry - now;
            await Task.Delay(wait < FencePoll ? wait : FencePoll, time, ct);
        }
    }

    private async Task<ActionResult> ConfirmAsync(OperationPlan plan, CancellationToken ct) =>
        await actions.IsGroupStoppedAsync(plan.Source, ct)
            ? ActionResult.Success($"{plan.Source} reports every active/passive service stopped.")
            : ActionResult.Failure($"{plan.Source} still reports an active/passive service running; the switchover stops here.");

    private async Task<ActionResult> RaiseEpochAsync(OperationPlan plan, CancellationToken ct)
    {
        var (result, current) = await actions.RaiseEpochAsync(plan.ExpectedEpoch, plan.Target, ct);
        return result switch
        {
            EpochRaise.Raised => ActionResult.Success($"Epoch {plan.ExpectedEpoch} → {current}; {plan.Target} is active."),
            EpochRaise.AlreadyRaised => ActionResult.Success($"Epoch already {current} with {plan.Target} active (resumed)."),
            _ => ActionResult.Failure($"The epoch is {current}, not {plan.ExpectedEpoch}: another operation or control plane acted; nothing was started."),
        };
    }
}

/// <summary>How an operation run ended.</summary>
public sealed record OperationOutcome(OperationStatus Status, string? FailedStep, string Detail);
