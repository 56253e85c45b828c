using SharesConsole.Agent.Commands;
using SharesConsole.Agent.Epochs;
using SharesConsole.Core.Agents;
using SharesConsole.Simulation.Tests.ControlPlane;
using SharesConsole.Simulation.Tests.Runs;

namespace SharesConsole.Simulation.Tests.Nodes;

/// <summary>Commands as NodeAgent handles them: validated, epoch-checked, run concurrently, always answered.</summary>
internal sealed partial class SimAgent
{
    public void OnCommand(AgentCommand command, SimControlPlane from)
    {
        if (CommandValidation.Problem(command) is { } problem)
        {
            Reply(from, CommandReply.Failure(command.Id, node.Name, CommandErrorCode.Malformed, problem, _epoch));
            return;
        }

        var (accepted, highest) = EpochRule.Observe(_epoch, command.Epoch, world.Parameters.MaxEpochJump);
        if (!accepted && command.Epoch > highest)
        {
            Reply(from, CommandReply.Failure(command.Id, node.Name, CommandErrorCode.EpochJump, $"epoch {command.Epoch} jumps from {highest}", highest));
            return;
        }

        if (!accepted)
        {
            world.Trace.Add($"{node.Name} agent: {command.Kind} {command.ServiceName} refused, epoch {command.Epoch} < {highest}");
            Reply(from, CommandReply.Failure(command.Id, node.Name, CommandErrorCode.StaleEpoch, $"epoch {command.Epoch} < {highest}", highest));
            return;
        }

        _epoch = highest;
        world.Trace.Add($"{node.Name} agent: {command.Kind} {command.ServiceName} (epoch {command.Epoch}, {command.Reason})");
        switch (command.Kind)
        {
            case AgentCommandKind.Start or AgentCommandKind.Stop when node.Find(command.ServiceName) is not { } service:
                Reply(from, CommandReply.Failure(command.Id, node.Name, CommandErrorCode.UnknownService, $"'{command.ServiceName}' is not configured", _epoch));
                break;
            case AgentCommandKind.Start when world.Rules.FreshGrantToStart:
                RequestGrant(granted =>
                {
                    if (granted)
                    {
                        StartService(command, from);
                    }
                    else
                    {
                        world.Trace.Add($"{node.Name} agent: Start {command.ServiceName} refused: no lease granted for it");
                        Reply(from, CommandReply.Failure(command.Id, node.Name, CommandErrorCode.DriverError, "no lease granted", _epoch));
                    }
                });
                break;
            case AgentCommandKind.Start:
                StartService(command, from);
                break;
            case AgentCommandKind.Stop:
                node.Find(command.ServiceName)!.Stop(node.AgentProcess, (ok, error) => Reply(from, Done(command, ok, error)));
                break;
            case AgentCommandKind.PoisonPill:
                Poison(command, from);
                break;
            case AgentCommandKind.StopActivePassive:
                node.StopGroup(node.AgentProcess, (_, errors) => Reply(from, Done(command, errors.Count == 0, string.Join(" ", errors))));
                break;
            default:
                Reply(from, Done(command, true, null));
                break;
        }
    }

    private void StartService(AgentCommand command, SimControlPlane from)
    {
        var lease = _lease.IsHeld ? _lease.IsExpired ? "expired" : $"{_lease.Remaining?.TotalSeconds:0.000} s left" : "none";
        var why = $"{command.Reason} start (epoch {command.Epoch}, {from.Process}) with the agent's lease {lease}";
        node.Find(command.ServiceName)!.Start(node.AgentProcess, why, (ok, error) => Reply(from, Done(command, ok, error)));
    }

    /// <summary>
    /// The agent's rule (NodeAgent.RefusedForLackOfLeaseAsync): before starting an active/passive service the agent sends a heartbeat at
    /// once and starts only if its ack grants the lease, so the group only ever runs under a lease the control plane
    /// has recorded, and a start that comes late (the control plane moved the group away since) is refused.
    /// </summary>
    private void RequestGrant(Action<bool> then)
    {
        var id = ++_heartbeats;
        var done = false;
        void Once(bool granted)
        {
            if (!done)
            {
                done = true;
                then(granted);
            }
        }

        _grantRequests[id] = (clock.GetTimestamp(), Once);
        _ = clock.CreateTimer(
            _ =>
            {
                _grantRequests.Remove(id);
                Once(false);
            },
            null, world.Parameters.Lease, Timeout.InfiniteTimeSpan);
        var heartbeat = BuildHeartbeat();
        var cp = world.ControlPlane;
        node.Up.Send(cp?.Process, $"lease request #{id}", () => cp!.OnHeartbeat(node, heartbeat, id));
    }

    private CommandReply Done(AgentCommand command, bool ok, string? error) => new()
    {
        CommandId = command.Id,
        Ok = ok,
        Error = ok ? CommandErrorCode.None : CommandErrorCode.DriverError,
        Message = error,
    };

    private void Reply(SimControlPlane to, CommandReply reply)
    {
        var full = reply with { Node = node.Name, AgentEpoch = _epoch, Services = Snapshot(), Instance = _instance, Sequence = ++_sequence };
        node.Up.Send(to.Process, $"reply {reply.CommandId} ok={reply.Ok}", () => to.OnReply(node, full));
    }
}
