using Microsoft.AspNetCore.SignalR;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.Core.Agents;
using SharesConsole.Web.Agents.Authentication;

namespace SharesConsole.Web.Agents;

/// <summary>
/// <c>/hubs/agents</c>: node agents connect with <c>?node=&lt;name&gt;</c> and their token (bearer
/// or <see cref="AgentHubProtocol.TokenHeader"/>, checked by <see cref="NodeTokenAuthenticationHandler"/>),
/// send heartbeats and reply to commands.
/// </summary>
public sealed partial class AgentHub(
    AgentRegistry registry, IHeartbeatAcknowledger acknowledger, ILogger<AgentHub> logger) : Hub
{
    private const string NodeKey = "sharesconsole.node";

    public override async Task OnConnectedAsync()
    {
        // The hub's policy admits only the node-token scheme, so the node comes from the authenticated principal.
        var node = Context.User?.FindFirst(NodeTokenDefaults.NodeClaim)?.Value;
        if (string.IsNullOrWhiteSpace(node))
        {
            LogUnauthenticated(logger, Context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString());
            Context.Abort();
            return;
        }

        Context.Items[NodeKey] = node;
        registry.Track(node, Context);
        registry.OnConnected(node, Context.ConnectionId);
        await base.OnConnectedAsync().ConfigureAwait(false);
    }

    public HeartbeatAck Heartbeat(Heartbeat heartbeat)
    {
        var node = AuthenticatedNode();
        if (heartbeat is null || !string.Equals(heartbeat.Node, node, StringComparison.OrdinalIgnoreCase))
        {
            throw new HubException($"The heartbeat must name the connected node '{node}'.");
        }

        var ack = acknowledger.Acknowledge(node, heartbeat);
        registry.OnHeartbeat(node, Context.ConnectionId, heartbeat, ack);
        return ack;
    }

    public void Reply(CommandReply reply) => registry.OnReply(AuthenticatedNode(), reply);

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        registry.Untrack(Context.ConnectionId);
        if (Context.Items.TryGetValue(NodeKey, out var node) && node is string name)
        {
            registry.OnDisconnected(name, Context.ConnectionId, exception);
        }

        return base.OnDisconnectedAsync(exception);
    }

    private string AuthenticatedNode() =>
        Context.Items.TryGetValue(NodeKey, out var node) && node is string name ? name : throw new HubException("The connection is not authenticated.");

    [LoggerMessage(EventId = 5111, Level = LogLevel.Warning, Message = "Closed an agent connection from {Remote} that was not authenticated by a node token")]
    private static partial void LogUnauthenticated(ILogger logger, string? remote);
}
