using SharesConsole.ControlPlane.Agents;
using SharesConsole.Core.Agents;
using SharesConsole.Core.State;
using SharesConsole.Simulation.Tests.Nodes;
using SharesConsole.Simulation.Tests.Runs;

namespace SharesConsole.Simulation.Tests.ControlPlane;

/// <summary>The agent hub's side: heartbeats and their acks, commands and replies (AgentRegistry), reports (AgentReportStore), connections.</summary>
internal sealed partial class SimControlPlane
{
    private readonly Dictionary<string, AgentReport> _reports = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, long> _lastHeard = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _connected = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (SimNode Node, TaskCompletionSource<CommandReply> Reply)> _pending = new(StringComparer.Ordinal);

    public bool IsConnected(string node) => _connected.Contains(node);

    public AgentReport? Report(string node) => _reports.GetValueOrDefault(node);

    public void OnHeartbeat(SimNode node, Heartbeat heartbeat, long id)
    {
        Heard(node);
        var ack = _acknowledger.Acknowledge(node.Name, heartbeat);
        _world.Trace.Add($"{Process}: heartbeat #{id} of {node} (epoch {heartbeat.HighestEpoch}, lease held {heartbeat.IsActiveLeaseHeld}, {node.Name} group {Summarize(heartbeat.Services)}) -> active={ack.IsActive}, epoch {ack.Epoch}");
        node.Down.Send(node.AgentProcess, $"ack #{id}", () => node.Agent.OnAck(ack, id));
        SetReport(AgentReportMapper.ToReport(heartbeat, Clock));
        Rebuild();
    }

    public void OnReply(SimNode node, CommandReply reply)
    {
        Heard(node);
        if (!_pending.Remove(reply.CommandId, out var pending) || pending.Node != node)
        {
            _world.Trace.Add($"{Process}: reply {reply.CommandId} from {node} ignored (nobody waits for it)");
            return;
        }

        // As AgentRegistry.OnReply: the reply's service states reach the state before the waiting operation goes on.
        ApplyCommandReply(node.Name, reply);
        Rebuild();
        pending.Reply.TrySetResult(reply with { Node = node.Name });
    }

    /// <summary>Sends a command and waits for its reply (AgentRegistry.SendAsync): never throws but for cancellation.</summary>
    public Task<CommandReply> SendAsync(SimNode node, AgentCommand command, CancellationToken cancellationToken)
    {
        if (!IsConnected(node.Name))
        {
            return Task.FromResult(CommandReply.Failure(command.Id, node.Name, CommandErrorCode.NodeNotConnected, $"{node} has no agent connection."));
        }

        var reply = new TaskCompletionSource<CommandReply>();
        _pending[command.Id] = (node, reply);
        var timeout = Clock.CreateTimer(
            _ => Complete(command.Id, CommandReply.Failure(command.Id, node.Name, CommandErrorCode.Timeout, "no reply in time")),
            null, _world.Parameters.CommandTimeout, Timeout.InfiniteTimeSpan);
        var registration = cancellationToken.Register(() =>
        {
            if (_pending.Remove(command.Id))
            {
                reply.TrySetCanceled(cancellationToken);
            }
        });
        _world.Trace.Add($"{Process}: sends {command.Kind} {command.ServiceName} (epoch {command.Epoch}, {command.Reason}) to {node}");
        node.Down.Send(node.AgentProcess, $"{command.Kind} {command.ServiceName} {command.Id}", () => node.Agent.OnCommand(command, this));
        return AwaitReplyAsync(reply.Task, timeout, registration);
    }

    private static async Task<CommandReply> AwaitReplyAsync(Task<CommandReply> reply, ITimer timeout, CancellationTokenRegistration registration)
    {
        try
        {
            return await reply;
        }
        finally
        {
            timeout.Dispose();
            await registration.DisposeAsync();
        }
    }

    private void Complete(string id, CommandReply reply)
    {
        if (_pending.Remove(id, out var pending))
        {
            pending.Reply.TrySetResult(reply);
        }
    }

    private void Heard(SimNode node)
    {
        _lastHeard[node.Name] = Clock.GetTimestamp();
        if (_connected.Add(node.Name))
        {
            _world.Trace.Add($"{Process}: {node} connected");
        }
    }

    /// <summary>The node's connection was reset (AgentHub.OnDisconnectedAsync): it counts as disconnected until it sends again.</summary>
    public void OnConnectionReset(SimNode node)
    {
        if (_connected.Contains(node.Name))
        {
            Disconnect(node, "connection reset");
        }
    }

    /// <summary>A connection silent for longer than the hub's client timeout is closed.</summary>
    private void CheckConnections()
    {
        foreach (var node in _world.Nodes)
        {
            if (_connected.Contains(node.Name) && Clock.GetElapsedTime(_lastHeard[node.Name]) > _world.Parameters.ConnectionTimeout)
            {
                Disconnect(node, "silent");
            }
        }
    }

    /// <summary>AgentRegistry.OnDisconnected: pending commands fail as disconnected, and what the connection still buffered is lost.</summary>
    private void Disconnect(SimNode node, string why)
    {
        _connected.Remove(node.Name);
        _world.Trace.Add($"{Process}: {node} disconnected ({why})");
        node.Down.DropHeld();
        node.Up.DropHeld();
        if (_reports.TryGetValue(node.Name, out var report))
        {
            SetReport(report with { Connected = false });
        }

        foreach (var id in _pending.Where(p => p.Value.Node == node).Select(p => p.Key).ToList())
        {
            Complete(id, CommandReply.Failure(id, node.Name, CommandErrorCode.NodeDisconnected, $"{node} disconnected before replying."));
        }

        Rebuild();
    }

    // AgentReportStore.Set: a heartbeat taken before a reply already applied keeps the reply's service states.
    private void SetReport(AgentReport report)
    {
        if (_reports.TryGetValue(report.Node, out var current) && IsOlder(report.Instance, report.Sequence, current))
        {
            report = report with { Services = current.Services, Sequence = current.Sequence };
        }

        _reports[report.Node] = report;
    }

    // AgentReportStore.ApplyCommandReply.
    private void ApplyCommandReply(string node, CommandReply reply)
    {
        if (reply.Sequence > 0 && _reports.TryGetValue(node, out var current) && current.Connected
            && !IsOlder(reply.Instance, reply.Sequence, current) && !(current.Instance == reply.Instance && current.Sequence == reply.Sequence))
        {
            _reports[node] = current with { Services = AgentReportMapper.ToObservations(reply.Services), Instance = reply.Instance, Sequence = reply.Sequence };
        }
    }

    private static bool IsOlder(string instance, long sequence, AgentReport current) =>
        sequence > 0 && instance.Length > 0 && string.Equals(instance, current.Instance, StringComparison.Ordinal) && sequence < current.Sequence;

    private static string Summarize(IReadOnlyList<ServiceStatus> services) =>
        string.Concat(services.Skip(3).Select(s => s.State switch
        {
            ServiceRunState.Running => 'R',
            ServiceRunState.Starting => 's',
            ServiceRunState.Stopping => 'x',
            ServiceRunState.Failed => 'F',
            _ => '-',
        }));
}
