using Microsoft.Extensions.Logging;
using SharesConsole.Agent.Fencing;
using SharesConsole.Core.Agents;
using SharesConsole.Core.Catalog;

using SharesConsole.Agent.Epochs;

namespace SharesConsole.Agent;

public sealed partial class NodeAgent
{
    private static readonly TimeSpan SelfFencingWarningPeriod = TimeSpan.FromMinutes(1);

    private async Task RunLoopAsync(AgentRuntime runtime, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, _timeProvider);
        try
        {
            do
            {
                await TickAsync(runtime, stopping).ConfigureAwait(false);
                runtime.CountTick();
            }
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One heartbeat period: refresh probes, check the lease (fence if expired), send the heartbeat.</summary>
    private async Task TickAsync(AgentRuntime runtime, CancellationToken stopping)
    {
        _ = RefreshQuietlyAsync(runtime, stopping);
        await CheckLeaseAsync(runtime, stopping).ConfigureAwait(false);
        if (!runtime.Link.IsConnected)
        {
            return;
        }

        try
        {
            // An ack later than the lease grants nothing (the lease runs from the send), so waiting longer is useless;
            // and a held lease is checked the moment it runs out, not up to a whole lease later behind an ack that never comes.
            await HeartbeatAsync(runtime, AckWait(runtime.Lease), stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            LogHeartbeatFailed(_logger, NodeName, e.Message);
        }
    }

    /// <summary>Sends a heartbeat, waits at most <paramref name="ackWait"/> for its ack and applies it (lease from the send).</summary>
    private async Task<HeartbeatAck> HeartbeatAsync(AgentRuntime runtime, TimeSpan ackWait, CancellationToken stopping)
    {
        var heartbeat = await CreateHeartbeatAsync(stopping).ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(ackWait, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stopping);
        var sentAt = _timeProvider.GetTimestamp();
        var ack = await runtime.Link.SendHeartbeatAsync(heartbeat, linked.Token).ConfigureAwait(false);
        await OnAckAsync(runtime, ack, sentAt, stopping).ConfigureAwait(false);
        return ack;
    }

    /// <summary>How long a heartbeat waits for its ack: the lease, or what is left of a held one.</summary>
    private TimeSpan AckWait(ActiveLease lease) =>
        lease.IsHeld && !lease.IsExpired && lease.Remaining is { } left && left < _options.Lease ? left : _options.Lease;

    private async Task OnAckAsync(AgentRuntime runtime, HeartbeatAck ack, long sentAt, CancellationToken stopping)
    {
        if (EpochRule.IsJump(runtime.Epochs.Highest, ack.Epoch, runtime.Epochs.MaxJump))
        {
            // Not a control plane this node can trust: its ack grants nothing and its epoch is not adopted.
            LogEpochJumpRefused(_logger, NodeName, ack.Epoch, runtime.Epochs.Highest, runtime.Epochs.MaxJump);
            return;
        }

        if (runtime.Epochs.ObserveTerm(ack.Term) is (false, var highestTerm))
        {
            // An ack of a control plane that is no longer the leader: it grants nothing.
            LogStaleTermAck(_logger, NodeName, ack.Term, highestTerm);
            return;
        }

        var wasHeld = runtime.Lease.IsHeld && !runtime.Lease.IsWithdrawn;
        runtime.Lease.OnAck(ack, sentAt);
        WriteLeaseFile(runtime);
        var held = runtime.Lease.IsHeld && !runtime.Lease.IsWithdrawn;
        if (held != wasHeld)
        {
            LogLeaseChanged(_logger, NodeName, held, ack.Epoch);
        }

        // The ack's epoch is the cluster's: remembering it fences out older commands still in flight.
        await runtime.Epochs.ObserveAsync(ack.Epoch, stopping).ConfigureAwait(false);
    }

    /// <summary>Renews the lease file the watchdog process enforces (the executable's hard fence).</summary>
    private void WriteLeaseFile(AgentRuntime runtime)
    {
        if (!_options.Watchdog || !_options.SelfFencing)
        {
            return;
        }

        try
        {
            new LeaseFile(runtime.Lease.ExpiresAtMonotonicMs, runtime.Board.FenceTargets(_options)).Write(LeaseFile.PathIn(_options.StateDirectory));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogLeaseFileFailed(_logger, NodeName, e.Message);
        }
    }

    private async Task CheckLeaseAsync(AgentRuntime runtime, CancellationToken stopping)
    {
        var now = _timeProvider.GetUtcNow();
        if (!_options.SelfFencing && now - runtime.LastSelfFencingWarning >= SelfFencingWarningPeriod)
        {
            LogSelfFencingOff(_logger, NodeName);
            runtime.LastSelfFencingWarning = now;
        }

        if (runtime.Lease.IsFencePending)
        {
            // The fence left something running: the lease file keeps its expiry (the watchdog goes on killing), and each
            // tick tries again, quietly: one fencing, one report.
            var (_, left) = await runtime.Executor.FenceActivePassiveAsync(stopping).ConfigureAwait(false);
            if (left.Count == 0)
            {
                runtime.Lease.Release();
            }

            return;
        }

        if (!runtime.Lease.IsExpired)
        {
            return;
        }

        var lastAck = runtime.Lease.LastAckAt;
        if (!_options.SelfFencing)
        {
            runtime.Lease.Release();
            LogLeaseExpiredNotFencing(_logger, NodeName, lastAck);
            return;
        }

        var withdrawn = runtime.Lease.IsWithdrawn;
        if (withdrawn)
        {
            LogLeaseWithdrawn(_logger, NodeName);
        }
        else
        {
            LogFencing(_logger, NodeName, lastAck);
        }

        var (stopped, errors) = await runtime.Executor.FenceActivePassiveAsync(stopping).ConfigureAwait(false);
        if (errors.Count == 0)
        {
            runtime.Lease.Release();
        }
        else
        {
            runtime.Lease.MarkFencePending();
        }

        if (withdrawn && errors.Count == 0)
        {
            // The control plane moved the group away (a switchover, a fence it confirmed): a hand-over, not a fencing.
            return;
        }

        var report = new FencingReport { FencedAt = _timeProvider.GetUtcNow(), LastAckAt = lastAck, StoppedServices = stopped, Errors = errors };
        runtime.LastFencing = report;
        LogFenced(_logger, NodeName, string.Join(", ", stopped), errors.Count);
        RaiseFenced(report);
    }

    private async Task RefreshQuietlyAsync(AgentRuntime runtime, CancellationToken stopping)
    {
        try
        {
            await runtime.Board.RefreshAsync(stopping, skipBusy: true).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRefreshFailed(_logger, NodeName, e.Message);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private Task OnCommandAsync(AgentCommand command)
    {
        if (_runtime is not { } runtime || _stopping.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        // Never block the connection's receive loop: heartbeat acks must keep flowing during a long start.
        runtime.Track(Task.Run(() => HandleCommandAsync(runtime, command), CancellationToken.None));
        return Task.CompletedTask;
    }

    /// <summary>
    /// An active/passive service starts only under a lease the control plane granted for a heartbeat sent after the start
    /// arrived: the control plane then knows the node may run the group (it fences by that grant), and a start that comes
    /// late, after the group moved elsewhere, is refused. Null when the command may go on.
    /// </summary>
    private async Task<CommandReply?> RefusedForLackOfLeaseAsync(AgentRuntime runtime, AgentCommand command)
    {
        if (command.Kind != AgentCommandKind.Start || _catalog.Find(command.ServiceName ?? "") is not { Kind: ServiceKind.ActivePassive }
            || !EpochRule.Observe(runtime.Epochs.Highest, command.Epoch, runtime.Epochs.MaxJump).Accepted)
        {
            // Not a start of the group, or one the executor refuses anyway for its epoch (and says why).
            return null;
        }

        string why;
        try
        {
            var ack = await HeartbeatAsync(runtime, _options.Lease, _stopping.Token).ConfigureAwait(false);
            if (ack.IsActive && runtime.Lease.IsHeld && !runtime.Lease.IsExpired && !runtime.Lease.IsWithdrawn)
            {
                return null;
            }

            why = "the control plane did not grant this node the active lease";
        }
        catch (Exception e) when (e is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            why = $"no lease could be asked for ({e.Message})";
        }

        LogStartWithoutLease(_logger, NodeName, command.ServiceName ?? "", why);
        return CommandReply.Failure(command.Id, NodeName, CommandErrorCode.NoLease,
            $"{command.ServiceName} was not started: {why}; an active/passive service runs only under the lease.", runtime.Epochs.Highest);
    }

    private async Task HandleCommandAsync(AgentRuntime runtime, AgentCommand command)
    {
        try
        {
            var reply = command.Kind == AgentCommandKind.PoisonPill && Commands.CommandValidation.Problem(command) is null
                ? await PoisonAsync(runtime, command).ConfigureAwait(false)
                : await RefusedForLackOfLeaseAsync(runtime, command).ConfigureAwait(false)
                    ?? await runtime.Executor.ExecuteAsync(command, _stopping.Token).ConfigureAwait(false);
            await runtime.Link.SendReplyAsync(reply, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogReplyFailed(_logger, NodeName, command?.Id, e.Message);
        }
    }
}
