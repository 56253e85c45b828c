using SharesConsole.Core.Agents;

namespace SharesConsole.Web.Agents;

public sealed partial class AgentRegistry
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Agent {Node} connected ({ConnectionId})")]
    private static partial void LogConnected(ILogger logger, string node, string connectionId);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Agent {Node} disconnected: {Reason}")]
    private static partial void LogDisconnected(ILogger logger, string node, string? reason);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Sending {Kind} {Service} to {Node} (epoch {Epoch}, id {CommandId})")]
    private static partial void LogSending(ILogger logger, AgentCommandKind kind, string? service, string node, long epoch, string commandId);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Dropped a reply from {Node} for unknown or foreign command {CommandId}")]
    private static partial void LogUnexpectedReply(ILogger logger, string node, string? commandId);
}
