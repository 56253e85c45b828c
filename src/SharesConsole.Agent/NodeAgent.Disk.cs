using Microsoft.Extensions.Logging;
using SharesConsole.Agent.DiskHeartbeat;
using SharesConsole.Agent.Epochs;
using SharesConsole.Core.Agents;

namespace SharesConsole.Agent;

public sealed partial class NodeAgent
{
    private void StartDiskHeartbeat(AgentRuntime runtime)
    {
        var disk = _options.DiskHeartbeat;
        if (!disk.IsEnabled(_options) || disk.ResolveDirectory(_options) is not { } directory)
        {
            return;
        }

        runtime.Disk = new DiskHeartbeatLoop(
            NodeName, directory, disk.Interval, disk.IoTimeout, _timeProvider,
            () => runtime.Epochs.Highest, () => runtime.Lease.IsHeld,
            (pill, ct) => ObeyPillAsync(runtime, pill, ct), _logger);
        runtime.Disk.Start();
    }

    /// <summary>
    /// A poison pill in this node's slot: another node is fencing it through the shared storage because the control
    /// plane cannot reach it. The group is stopped as a lease expiry would stop it and the lease let go; only when every
    /// active/passive service is stopped does the slot confirm it (otherwise the fence waits for the lease, as without a disk).
    /// </summary>
    private async Task<PillConfirmation?> ObeyPillAsync(AgentRuntime runtime, PoisonPill pill, CancellationToken cancellationToken)
    {
        var lastAck = runtime.Lease.LastAckAt;
        var (stopped, errors) = await runtime.Executor.FenceActivePassiveAsync(cancellationToken).ConfigureAwait(false);
        if (errors.Count > 0)
        {
            runtime.Lease.MarkFencePending();
        }
        else
        {
            runtime.Lease.ReleaseAndRefuseEarlierGrants();
        }

        await runtime.Board.RefreshAsync(cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        var report = new FencingReport { FencedAt = now, LastAckAt = lastAck, StoppedServices = stopped, Errors = errors };
        runtime.LastFencing = report;
        LogFenced(_logger, NodeName, string.Join(", ", stopped), errors.Count);
        RaiseFenced(report);
        return errors.Count == 0 ? new PillConfirmation { PillId = pill.Id, At = now, Stopped = stopped } : null;
    }

    /// <summary>The control plane asks this node to fence another through the shared storage (<see cref="AgentCommandKind.PoisonPill"/>).</summary>
    private async Task<CommandReply> PoisonAsync(AgentRuntime runtime, AgentCommand command)
    {
        if (runtime.Epochs.ObserveTerm(command.Term) is (false, var highestTerm))
        {
            return CommandReply.Failure(command.Id, NodeName, CommandErrorCode.StaleTerm,
                $"Poison pill for {command.TargetNode} of leader term {command.Term} refused: this node has seen term {highestTerm}.", runtime.Epochs.Highest);
        }

        var highest = runtime.Epochs.Highest;
        var rule = EpochRule.Observe(highest, command.Epoch, runtime.Epochs.MaxJump);
        if (!rule.Accepted)
        {
            return CommandReply.Failure(command.Id, NodeName, command.Epoch > highest ? CommandErrorCode.EpochJump : CommandErrorCode.StaleEpoch,
                $"Poison pill for {command.TargetNode} under epoch {command.Epoch} refused: this node has seen epoch {highest}.", highest);
        }

        if (runtime.Disk is not { } disk)
        {
            return CommandReply.Failure(command.Id, NodeName, CommandErrorCode.NotConfirmed,
                $"{NodeName} has no disk heartbeat (Agent:DiskHeartbeat, Agent:SharedStoragePath): it cannot fence {command.TargetNode} through the storage.", highest);
        }

        if (string.Equals(command.TargetNode, NodeName, StringComparison.OrdinalIgnoreCase))
        {
            return CommandReply.Failure(command.Id, NodeName, CommandErrorCode.Malformed, "A node does not hand itself a poison pill.", highest);
        }

        var wait = TimeSpan.FromMilliseconds(Math.Min(command.TimeoutMs!.Value, (long)_options.CommandTimeout.TotalMilliseconds));
        var (confirmed, detail) = await disk.PoisonAsync(command.TargetNode!, command.Id, command.Epoch, wait, _stopping.Token).ConfigureAwait(false);
        return confirmed is null
            ? CommandReply.Failure(command.Id, NodeName, CommandErrorCode.NotConfirmed, detail, runtime.Epochs.Highest)
            : new CommandReply { CommandId = command.Id, Node = NodeName, Ok = true, Message = detail, AgentEpoch = runtime.Epochs.Highest };
    }
}
