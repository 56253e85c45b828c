using Microsoft.Extensions.Logging;

namespace SharesConsole.Agent;

public sealed partial class NodeAgent
{
    [LoggerMessage(EventId = 150, Level = LogLevel.Information, Message = "Node {Node}: agent started with {Count} services, highest epoch {Epoch}")]
    private static partial void LogStarted(ILogger logger, string node, int count, long epoch);

    [LoggerMessage(EventId = 151, Level = LogLevel.Information, Message = "Node {Node}: agent stopped")]
    private static partial void LogStopped(ILogger logger, string node);

    [LoggerMessage(EventId = 152, Level = LogLevel.Warning, Message = "Node {Node}: agent crashed on purpose (no goodbye, stand-ins dropped)")]
    private static partial void LogCrashed(ILogger logger, string node);

    [LoggerMessage(EventId = 153, Level = LogLevel.Warning,
        Message = "Node {Node}: SELF-FENCING IS OFF. If this node is active and loses the control plane it keeps running its active/passive services, and a second node may start them on the shared data (split brain).")]
    private static partial void LogSelfFencingOff(ILogger logger, string node);

    [LoggerMessage(EventId = 154, Level = LogLevel.Critical, Message = "Node {Node}: active lease expired (last ack {LastAck:o}); fencing: stopping active/passive services")]
    private static partial void LogFencing(ILogger logger, string node, DateTimeOffset lastAck);

    [LoggerMessage(EventId = 155, Level = LogLevel.Critical, Message = "Node {Node}: self-fenced; stopped [{Stopped}], {Errors} errors")]
    private static partial void LogFenced(ILogger logger, string node, string stopped, int errors);

    [LoggerMessage(EventId = 156, Level = LogLevel.Critical, Message = "Node {Node}: active lease expired (last ack {LastAck:o}) but SELF-FENCING IS OFF: active/passive services keep running")]
    private static partial void LogLeaseExpiredNotFencing(ILogger logger, string node, DateTimeOffset lastAck);

    [LoggerMessage(EventId = 157, Level = LogLevel.Debug, Message = "Node {Node}: heartbeat not delivered: {Reason}")]
    private static partial void LogHeartbeatFailed(ILogger logger, string node, string reason);

    [LoggerMessage(EventId = 158, Level = LogLevel.Information, Message = "Node {Node}: active lease {Held} (epoch {Epoch})")]
    private static partial void LogLeaseChanged(ILogger logger, string node, bool held, long epoch);

    [LoggerMessage(EventId = 159, Level = LogLevel.Warning, Message = "Node {Node}: service refresh failed: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string node, string reason);

    [LoggerMessage(EventId = 160, Level = LogLevel.Warning, Message = "Node {Node}: command {CommandId} reply not delivered: {Reason}")]
    private static partial void LogReplyFailed(ILogger logger, string node, string? commandId, string reason);

    [LoggerMessage(EventId = 162, Level = LogLevel.Error, Message = "Node {Node}: {Problem}")]
    private static partial void LogAttachFailed(ILogger logger, string node, string problem);

    [LoggerMessage(EventId = 161, Level = LogLevel.Error, Message = "Node {Node}: lease file for the watchdog not written: {Reason}")]
    private static partial void LogLeaseFileFailed(ILogger logger, string node, string reason);

    [LoggerMessage(EventId = 165, Level = LogLevel.Warning, Message = "Node {Node}: start of {Service} refused: {Why}")]
    private static partial void LogStartWithoutLease(ILogger logger, string node, string service, string why);

    [LoggerMessage(EventId = 163, Level = LogLevel.Error, Message = "Node {Node}: an ack claims epoch {Epoch}, more than {MaxJump} above the highest epoch {Highest} this node has seen; ignored (no lease, epoch not adopted). Raise Agent:MaxEpochJump if the cluster really moved that far.")]
    private static partial void LogEpochJumpRefused(ILogger logger, string node, long epoch, long highest, long maxJump);

    [LoggerMessage(EventId = 166, Level = LogLevel.Warning, Message = "Node {Node}: refused an ack of stale leader term {Term} (highest seen {Highest}): it comes from a control plane that is no longer the leader and grants nothing")]
    private static partial void LogStaleTermAck(ILogger logger, string node, long term, long highest);

    [LoggerMessage(EventId = 164, Level = LogLevel.Information, Message = "Node {Node}: the control plane no longer grants the active lease and it ran out: fencing whatever of the active/passive group still runs")]
    private static partial void LogLeaseWithdrawn(ILogger logger, string node);
}
