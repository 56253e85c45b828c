using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace SharesConsole.Web.Agents;

public sealed partial class AgentRegistry
{
    private readonly ConcurrentDictionary<string, (string Node, HubCallerContext Context)> _live = new(StringComparer.Ordinal);

    /// <summary>
    /// Closes every live connection of <paramref name="node"/> (its token was revoked or the node removed);
    /// the agent's reconnects then fail authentication. Returns how many connections were closed.
    /// </summary>
    public int Disconnect(string node)
    {
        var closed = 0;
        foreach (var (id, live) in _live)
        {
            if (string.Equals(live.Node, node, StringComparison.OrdinalIgnoreCase) && _live.TryRemove(id, out _))
            {
                live.Context.Abort();
                closed++;
            }
        }

        if (closed > 0)
        {
            LogRevoked(logger, node, closed);
        }

        return closed;
    }

    internal void Track(string node, HubCallerContext context) => _live[context.ConnectionId] = (node, context);

    internal void Untrack(string connectionId) => _live.TryRemove(connectionId, out _);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Closed {Count} connection(s) of agent {Node}: its token was revoked")]
    private static partial void LogRevoked(ILogger logger, string node, int count);
}
