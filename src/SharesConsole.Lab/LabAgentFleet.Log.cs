namespace SharesConsole.Lab;

public sealed partial class LabAgentFleet
{
    [LoggerMessage(EventId = 2120, Level = LogLevel.Information, Message = "Lab agent {Node} started on {Address}, control plane {Url}")]
    private static partial void LogStarted(ILogger logger, string node, string address, string url);

    [LoggerMessage(EventId = 2121, Level = LogLevel.Warning, Message = "Lab agent {Node} crashed on request")]
    private static partial void LogCrashed(ILogger logger, string node);

    [LoggerMessage(EventId = 2122, Level = LogLevel.Error, Message = "Lab agents did not start: {Reason}")]
    private static partial void LogStartFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(EventId = 2123, Level = LogLevel.Warning, Message = "Lab agent {Node}: {Service} did not start: {Reason}")]
    private static partial void LogActivePassiveFailed(ILogger logger, string node, string service, string? reason);

    [LoggerMessage(EventId = 2124, Level = LogLevel.Information, Message = "Node {Node} has a token the lab did not issue: no lab agent for it")]
    private static partial void LogNotLabNode(ILogger logger, string node);

    [LoggerMessage(EventId = 2125, Level = LogLevel.Information, Message = "Node {Node} left the cluster: its lab agent stopped")]
    private static partial void LogRemoved(ILogger logger, string node);
}
