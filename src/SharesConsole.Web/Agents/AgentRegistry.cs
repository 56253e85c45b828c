using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.Core.Agents;

namespace SharesConsole.Web.Agents;

/// <summary>
/// In-process view of the node agents: the live connection and latest heartbeat per node, a change stream,
/// and <see cref="SendAsync(string, AgentCommand, CancellationToken)"/> to run a command on a node and await its reply.
/// </summary>
public sealed partial class AgentRegistry(
    IHubContext<AgentHub> hub, IOptions<AgentHubOptions> options, TimeProvider timeProvider, ILogger<AgentRegistry> logger,
    ControlPlane.Leadership.ILeadership? leadership = null) : IAgentCommandSender
{
    private const int WatcherCapacity = 256;
    private readonly ConcurrentDictionary<string, PendingCommand> _pending = new(StringComparer.Ordinal);
    private readonly Lock _watchersLock = new();
    private readonly List<Channel<AgentConnection>> _watchers = [];
    private ImmutableDictionary<string, AgentConnection> _agents = ImmutableDictionary.Create<string, AgentConnection>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every node seen since start, connected or not.</summary>
    public IReadOnlyDictionary<string, AgentConnection> Agents => Volatile.Read(ref _agents);

    /// <summary>Raised after a node connects, sends a heartbeat or disconnects.</summary>
    public event EventHandler<AgentConnection>? Changed;

    public AgentConnection? Find(string node) => Agents.GetValueOrDefault(node);

    /// <summary>Every change from now on; a slow reader loses the oldest entries, never blocks the hub.</summary>
    public async IAsyncEnumerable<AgentConnection> WatchAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<AgentConnection>(new BoundedChannelOptions(WatcherCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true,
        });
        lock (_watchersLock)
        {
            _watchers.Add(channel);
        }

        try
        {
            await foreach (var change in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return change;
            }
        }
        finally
        {
            lock (_watchersLock)
            {
                _watchers.Remove(channel);
            }
        }
    }

    internal void OnConnected(string node, string connectionId)
    {
        var now = timeProvider.GetUtcNow();
        var previous = Find(node)?.ConnectionId;
        Update(node, current => (current ?? new AgentConnection { Node = node }) with { ConnectionId = connectionId, ConnectedAt = now, LastSeen = now });
        LogConnected(logger, node, connectionId);
        if (previous is not null && previous != connectionId)
        {
            // The agent came back on a new connection (its old one was cut without a close): what was sent on the old
            // one will never be answered there, and its disconnect, when it comes, no longer matches. Fail those
            // commands now, so a fence resends its stop on the new connection instead of waiting out the lease.
            FailPending(node, previous, $"{node} reconnected on a new connection before replying; the command may or may not have run.");
        }
    }

    internal void OnHeartbeat(string node, string connectionId, Heartbeat heartbeat, HeartbeatAck ack)
    {
        var now = timeProvider.GetUtcNow();
        Update(node, current => (current ?? new AgentConnection { Node = node }) with
        {
            ConnectionId = connectionId, LastSeen = now, LastHeartbeat = heartbeat, LastAck = ack,
        });
    }

    internal void OnDisconnected(string node, string connectionId, Exception? error)
    {
        var changed = Update(node, current => current?.ConnectionId == connectionId ? current with { ConnectionId = null } : current);
        if (!changed)
        {
            return;
        }

        LogDisconnected(logger, node, error?.Message);
        FailPending(node, connectionId, $"{node} disconnected before replying; the command may or may not have run.");
    }

    private void FailPending(string node, string connectionId, string message)
    {
        foreach (var (id, pending) in _pending.Where(p => string.Equals(p.Value.Node, node, StringComparison.OrdinalIgnoreCase) && p.Value.ConnectionId == connectionId))
        {
            pending.Completion.TrySetResult(CommandReply.Failure(id, node, CommandErrorCode.NodeDisconnected, message));
        }
    }

    private bool Update(string node, Func<AgentConnection?, AgentConnection?> change)
    {
        ImmutableDictionary<string, AgentConnection> before, after;
        AgentConnection? updated;
        do
        {
            before = Volatile.Read(ref _agents);
            var current = before.GetValueOrDefault(node);
            updated = change(current);
            if (updated is null || ReferenceEquals(updated, current))
            {
                return false;
            }

            after = before.SetItem(node, updated);
        }
        while (!ReferenceEquals(Interlocked.CompareExchange(ref _agents, after, before), before));

        Publish(updated);
        return true;
    }

    private void Publish(AgentConnection change)
    {
        lock (_watchersLock)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryWrite(change);
            }
        }

        Changed?.Invoke(this, change);
    }

    private sealed record PendingCommand(string Node, string ConnectionId, TaskCompletionSource<CommandReply> Completion);
}
