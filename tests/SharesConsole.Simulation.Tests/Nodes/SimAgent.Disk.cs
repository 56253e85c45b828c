using SharesConsole.Core.Agents;
using SharesConsole.Simulation.Tests.ControlPlane;

namespace SharesConsole.Simulation.Tests.Nodes;

/// <summary>The disk heartbeat as NodeAgent.Disk and DiskHeartbeatLoop run it, on the agent's process (it pauses and dies with it).</summary>
internal sealed partial class SimAgent
{
    // DiskHeartbeatLoop.Round: a pill for this node's epoch (or a later one) not obeyed yet is obeyed: the group is fenced
    // (kill then stop), and only a clean fence releases the lease and confirms the pill in the slot.
    private void DiskRound()
    {
        if (_obeying || world.Disk.Pill(node.Name) is not { } pill || pill.Id == _confirmedPill || pill.Epoch < _epoch)
        {
            return;
        }

        _obeying = true;
        world.Trace.Add($"{node.Name} agent: poison pill {pill.Id} (epoch {pill.Epoch}) read on the disk, fencing the group");
        node.FenceGroup(node.AgentProcess, (fenced, errors) =>
        {
            _obeying = false;
            if (errors.Count > 0)
            {
                _lease.MarkFencePending();
                world.Trace.Add($"{node.Name} agent: poison pill fence left errors [{string.Join("; ", errors)}]: not confirmed");
                return;
            }

            _lease.ReleaseAndRefuseEarlierGrants();
            _confirmedPill = pill.Id;
            world.Disk.Confirm(node.Name, pill.Id);
            world.Trace.Add($"{node.Name} agent: poison pill {pill.Id} confirmed in the slot (stopped [{string.Join(", ", fenced)}])");
        });
    }

    // NodeAgent.PoisonAsync and DiskHeartbeatLoop.PoisonAsync: write the pill, then read the victim's slot until it
    // confirms that pill or the wait is over.
    private void Poison(AgentCommand command, SimControlPlane from)
    {
        var victim = command.TargetNode!;
        if (string.Equals(victim, node.Name, StringComparison.OrdinalIgnoreCase))
        {
            Reply(from, CommandReply.Failure(command.Id, node.Name, CommandErrorCode.Malformed, "a node does not hand itself a poison pill", _epoch));
            return;
        }

        world.Disk.WritePill(victim, command.Id, command.Epoch);
        var started = clock.GetTimestamp();
        var wait = TimeSpan.FromMilliseconds(Math.Min(command.TimeoutMs!.Value, 60_000));
        ITimer? poll = null;
        poll = clock.CreateTimer(
            _ =>
            {
                if (world.Disk.IsConfirmed(victim, command.Id))
                {
                    poll!.Dispose();
                    Reply(from, Done(command, true, $"{victim} confirmed the poison pill"));
                }
                else if (clock.GetElapsedTime(started) >= wait)
                {
                    poll!.Dispose();
                    Reply(from, CommandReply.Failure(command.Id, node.Name, CommandErrorCode.NotConfirmed, $"{victim} did not confirm", _epoch));
                }
            },
            null, PillPoll, PillPoll);
    }
}
