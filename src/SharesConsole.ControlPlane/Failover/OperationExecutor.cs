using SharesConsole.Core.Failover;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;

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

    public async Task<OperationOutcome> RunAsync(OperationPlan plan, IReadOnlySet<OperationStep> succeeded, CancellationToken cancellationToken)
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
            await actions.RecordStepAsync(plan.Id, new StepRecord(step.Name, StepStatus.Running, started, started, "running"), cancellationToken);
            ActionResult result;
            try
            {
                result = await ExecuteAsync(plan, step, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                result = ActionResult.Failure($"{ex.GetType().Name}: {ex.Message}");
            }

            var record = new StepRecord(step.Name, result.Ok ? StepStatus.Succeeded : StepStatus.Failed, started, time.GetUtcNow(), result.Detail);
            await actions.RecordStepAsync(plan.Id, record, cancellationToken);
            if (!result.Ok)
            {
                return new OperationOutcome(OperationStatus.Failed, step.Name, result.Detail);
            }
        }

        return new OperationOutcome(OperationStatus.Succeeded, null, $"{plan.Target} is active.");
    }

    /// <summary>
    /// Runs a recorded operation from where it stopped. A stored step this version does not know (written by
    /// another version) fails the operation before any step runs: its plan cannot be followed safely.
    /// </summary>
    public async Task<OperationOutcome> ResumeAsync(StoredOperation stored, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var steps = new List<OperationStep>(stored.Steps.Length);
        var succeeded = new HashSet<OperationStep>();
        foreach (var recorded in stored.Steps.OrderBy(s => s.Index))
        {
            if (!OperationStep.TryParse(recorded.Name, out var step))
            {
                return await RefuseAsync(stored.Summary.Id, recorded.Name, cancellationToken);
            }

            steps.Add(step);
            if (recorded.Status == StepStatus.Succeeded)
            {
                succeeded.Add(step);
            }
        }

        var plan = new OperationPlan
        {
            Id = stored.Summary.Id,
            Kind = stored.Summary.Kind,
            Source = stored.Summary.SourceNode ?? "",
            Target = stored.Summary.TargetNode ?? "",
            ExpectedEpoch = stored.EpochBefore,
            CreatedAt = stored.Summary.CreatedAt,
            Lease = lease,
            Steps = steps,
        };
        return await RunAsync(plan, succeeded, cancellationToken);
    }

    private async Task<OperationOutcome> RefuseAsync(Guid operationId, string step, CancellationToken ct)
    {
        var detail = $"The recorded step '{step}' is not one this version of the control plane knows (was the operation started by another version?); no step was run.";
        var now = time.GetUtcNow();
        await actions.RecordStepAsync(operationId, new StepRecord(step, StepStatus.Failed, now, now, detail), ct);
        return new OperationOutcome(OperationStatus.Failed, step, detail);
    }

    private Task<ActionResult> ExecuteAsync(OperationPlan plan, OperationStep step, CancellationToken ct) => step switch
    {
        FenceStep => FenceAsync(plan, ct),
        ConfirmStoppedStep => ConfirmAsync(plan, ct),
        RaiseEpochStep => RaiseEpochAsync(plan, ct),
        StopServiceStep stop => actions.StopServiceAsync(stop.Node, stop.Service, plan.ExpectedEpoch, ct),
        StartServiceStep start => actions.StartServiceAsync(start.Node, start.Service, plan.ExpectedEpoch + 1, ct),
        _ => Task.FromResult(ActionResult.Failure($"Step '{step.Name}' ({step.GetType().Name}) has no action.")),
    };

    private static readonly TimeSpan LateStopWait = TimeSpan.FromSeconds(1);

    private async Task<ActionResult> FenceAsync(OperationPlan plan, CancellationToken ct)
    {
        var lastError = "agent not connected";
        using var pillStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task<ActionResult>? pill = null;
        try
        {
            while (true)
            {
                // Recomputed on every loop from the last grant: the node gets no new one while it is being fenced, but
                // an ack granted just before the operation was published still counts.
                var remaining = actions.LeaseRemaining(plan.Source, plan.Lease, FenceMargin);
                if (pill is null && remaining > TimeSpan.Zero && !actions.IsHeard(plan.Source) && actions.IsConnected(plan.Target))
                {
                    // Not heard from (disconnected, or cut off behind a connection that still looks open), the node may
                    // still see the shared storage: the target hands it a poison pill there, and its confirmation proves
                    // the group stopped before the lease would.
                    pill = PoisonPillQuietlyAsync(plan, remaining, pillStop.Token);
                }

                if (Confirmed(pill) is { } confirmed)
                {
                    return ActionResult.Success($"{plan.Source} did not answer ({lastError}); {confirmed.Detail}.");
                }

                if (actions.IsConnected(plan.Source))
                {
                    // A hung agent may keep its connection open without answering: the stop races the lease and the
                    // pill, and whichever comes first (its confirmation, the pill's, or the lease running out) proves the
                    // node stopped. Past the lease, a connected node still gets one short chance to confirm.
                    using var untilExpiry = new CancellationTokenSource(remaining > LateStopWait ? remaining : LateStopWait, time);
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, untilExpiry.Token);
                    try
                    {
                        var stopping = actions.StopGroupAsync(plan.Source, plan.ExpectedEpoch, linked.Token);
                        if (pill is { IsCompleted: false })
                        {
                            await Task.WhenAny(stopping, pill);
                        }

                        if (!stopping.IsCompleted && Confirmed(pill) is { } confirmedFirst)
                        {
                            // Cancel, not CancelAsync: continuations stay on this operation's context (the simulation's loop).
                            linked.Cancel();
                            await IgnoreCancellationAsync(stopping);
                            return ActionResult.Success($"{plan.Source} did not answer the stop command; {confirmedFirst.Detail}.");
                        }

                        var stop = await stopping;
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

                var left = actions.LeaseRemaining(plan.Source, plan.Lease, FenceMargin);
                if (FencingRules.IsKnownStopped(false, left))
                {
                    var noPill = pill is { IsCompleted: true } ? $" (poison pill: {pill.Result.Detail})" : "";
                    return ActionResult.Success($"{plan.Source} did not answer ({lastError}); its lease expired (the last one granted, plus a {FenceMargin.TotalSeconds:0.#} s margin), so it has fenced itself{noPill}.");
                }

                await Task.Delay(left < FencePoll ? left : FencePoll, time, ct);
            }
        }
        finally
        {
            // Cancel, not CancelAsync: the pill's continuation stays on this operation's context (the simulation's loop).
            pillStop.Cancel();
            if (pill is not null)
            {
                await pill;
            }
        }
    }

    /// <summary>Waits for a stop command given up on; its cancellation (or any failure) is expected and not a result.</summary>
    private static async Task IgnoreCancellationAsync(Task<ActionResult> stopping)
    {
        try
        {
            await stopping;
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // Given up on: the pill's confirmation already proved the node stopped.
        }
    }

    private static ActionResult? Confirmed(Task<ActionResult>? pill) => pill is { IsCompleted: true, Result: { Ok: true } result } ? result : null;

    /// <summary>The poison pill through the target; a failure of any kind is a result (the lease rule stands), never a throw.</summary>
    private async Task<ActionResult> PoisonPillQuietlyAsync(OperationPlan plan, TimeSpan wait, CancellationToken ct)
    {
        try
        {
            return await actions.PoisonPillAsync(plan.Target, plan.Source, plan.ExpectedEpoch, wait, ct);
        }
        catch (Exception e)
        {
            return ActionResult.Failure(ct.IsCancellationRequested ? "not needed any more" : $"{e.GetType().Name}: {e.Message}");
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
