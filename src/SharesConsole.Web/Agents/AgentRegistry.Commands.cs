using Microsoft.AspNetCore.SignalR;
using SharesConsole.Core.Agents;

namespace SharesConsole.Web.Agents;

public sealed partial class AgentRegistry
{
    /// <summary>Sends a command to a node and waits for its reply (default timeout: <see cref="AgentHubOptions.CommandTimeout"/>).</summary>
    public Task<CommandReply> SendAsync(string node, AgentCommand command, CancellationToken cancellationToken) =>
        SendAsync(node, command, options.Value.CommandTimeout, cancellationToken);

    /// <summary>
    /// Never throws for an agent-side problem: no connection, a disconnect, a timeout or a refusal all come back
    /// as a <see cref="CommandReply"/> with <see cref="CommandReply.Ok"/> false and an error code.
    /// </summary>
    public async Task<CommandReply> SendAsync(string node, AgentCommand command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(node);
        ArgumentNullException.ThrowIfNull(command);
        if (string.IsNullOrWhiteSpace(command.Id))
        {
            return CommandReply.Failure(command.Id, node, CommandErrorCode.Malformed, "The command has no id.");
        }

        if (leadership is { IsLeader: false })
        {
            // Checked on the monotonic clock just before sending: a leader whose lease may have run out commands nothing.
            return CommandReply.Failure(command.Id, node, CommandErrorCode.StaleTerm, "This control plane is not the leader (its lease may have run out); the command was not sent.");
        }

        command = command with { Term = leadership?.Term ?? 0 };
        if (Find(node) is not { ConnectionId: { } connectionId })
        {
            return CommandReply.Failure(command.Id, node, CommandErrorCode.NodeNotConnected, $"{node} has no agent connection.");
        }

        var pending = new PendingCommand(node, connectionId, new TaskCompletionSource<CommandReply>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_pending.TryAdd(command.Id, pending))
        {
            return CommandReply.Failure(command.Id, node, CommandErrorCode.Malformed, $"Command id {command.Id} is already in flight.");
        }

        try
        {
            LogSending(logger, command.Kind, command.ServiceName, node, command.Epoch, command.Id);
            await hub.Clients.Client(connectionId).SendAsync(AgentHubProtocol.CommandMethod, command, cancellationToken).ConfigureAwait(false);
            return await pending.Completion.Task.WaitAsync(timeout, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return CommandReply.Failure(command.Id, node, CommandErrorCode.Timeout,
                $"No reply from {node} within {timeout.TotalSeconds:0.###} s; the command may still be running there.");
        }
        finally
        {
            _pending.TryRemove(command.Id, out _);
        }
    }

    internal void OnReply(string node, CommandReply reply)
    {
        if (reply is null || !_pending.TryGetValue(reply.CommandId ?? "", out var pending)
            || !string.Equals(pending.Node, node, StringComparison.OrdinalIgnoreCase))
        {
            LogUnexpectedReply(logger, node, reply?.CommandId);
            return;
        }

        // The reply's service states reach the cluster state before the waiting operation goes on.
        var answered = reply with { Node = node };
        ReplyReceived?.Invoke(this, answered);
        pending.Completion.TrySetResult(answered);
    }

    /// <summary>Raised for every reply to a command in flight, before the sender sees it.</summary>
    public event EventHandler<CommandReply>? ReplyReceived;
}
