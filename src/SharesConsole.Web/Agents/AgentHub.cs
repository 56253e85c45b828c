using Microsoft.AspNetCore.SignalR;
using SharesConsole.Core.Agents;

namespace SharesConsole.Web.Agents;

/// <summary>
/// <c>/hubs/agents</c>: node agents connect with <c>?node=&lt;name&gt;</c> and their token (bearer, access_token
/// or <see cref="AgentHubProtocol.TokenHeader"/>), send heartbeats and reply to commands.
/// </summary>
public sealed partial class AgentHub(
    AgentRegistry registry, INodeTokenValidator tokens, IHeartbeatAcknowledger acknowledger, ILogger<AgentHub> logger) : Hub
{
    private const string NodeKey = "sharesconsole.node";

    public override async Task OnConnectedAsync()
    {
        var http = Context.GetHttpContext();
        var node = http?.Request.Query[AgentHubProtocol.NodeQuery].ToString();
        var token = http is null ? null : NodeTokenReader.Read(http.Request);
        if (string.IsNullOrWhiteSpace(node) || string.IsNullOrEmpty(token)
            || !await tokens.ValidateAsync(node, token, Context.ConnectionAborted).ConfigureAwait(false))
        {
            LogRejected(logger, node, http?.Connection.RemoteIpAddress?.ToString());
            Context.Abort();
            return;
        }

        Context.Items[NodeKey] = node;
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
        if (Context.Items.TryGetValue(NodeKey, out var node) && node is string name)
        {
            registry.OnDisconnected(name, Context.ConnectionId, exception);
        }

        return base.OnDisconnectedAsync(exception);
    }

    private string AuthenticatedNode() =>
        Context.Items.TryGetValue(NodeKey, out var node) && node is string name ? name : throw new HubException("The connection is not authenticated.");

    [LoggerMessage(EventId = 5110, Level = LogLevel.Warning, Message = "Rejected an agent connection for node '{Node}' from {Remote}: missing or invalid token")]
    private static partial void LogRejected(ILogger logger, string? node, string? remote);
}
