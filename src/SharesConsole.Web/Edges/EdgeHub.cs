using Microsoft.AspNetCore.SignalR;
using SharesConsole.Edge.Remote;

namespace SharesConsole.Web.Edges;

/// <summary>
/// <c>/hubs/edges</c>: edge processes connect with <c>?edge=&lt;name&gt;</c> and their edge token, receive the configuration
/// at once and after every change, and report their state every second.
/// </summary>
public sealed partial class EdgeHub(EdgeRegistry registry, EdgeConfigPublisher publisher, ILogger<EdgeHub> logger) : Hub
{
    private const string EdgeKey = "sharesconsole.edge";

    public override async Task OnConnectedAsync()
    {
        var edge = Context.User?.FindFirst(EdgeTokenDefaults.EdgeClaim)?.Value;
        if (string.IsNullOrWhiteSpace(edge))
        {
            Context.Abort();
            return;
        }

        Context.Items[EdgeKey] = edge;
        registry.OnConnected(edge, Context.ConnectionId, Context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString(), Context.Abort);
        LogConnected(logger, edge);
        await Clients.Caller.SendAsync(EdgeHubProtocol.ConfigMethod, publisher.Current).ConfigureAwait(false);
        await base.OnConnectedAsync().ConfigureAwait(false);
    }

    public void Report(EdgeReport report)
    {
        if (report is null || Context.Items[EdgeKey] is not string edge)
        {
            throw new HubException("A report needs a body.");
        }

        registry.OnReport(edge, Context.ConnectionId, report);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue(EdgeKey, out var value) && value is string edge)
        {
            registry.OnDisconnected(edge, Context.ConnectionId);
            LogDisconnected(logger, edge, exception?.Message ?? "closed");
        }

        return base.OnDisconnectedAsync(exception);
    }

    [LoggerMessage(EventId = 5151, Level = LogLevel.Information, Message = "Edge {Edge} connected")]
    private static partial void LogConnected(ILogger logger, string edge);

    [LoggerMessage(EventId = 5152, Level = LogLevel.Information, Message = "Edge {Edge} disconnected ({Reason})")]
    private static partial void LogDisconnected(ILogger logger, string edge, string reason);
}
