using System.Net;
using Microsoft.Extensions.Logging;
using SharesConsole.Core.Cluster;

namespace SharesConsole.Edge.Diagnostics;

/// <summary>Every log line of the edge's proxy part. EventIds 3000-3099 (the DNS responder uses its own range).</summary>
internal static partial class EdgeLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Edge web proxy listening on {Endpoint}")]
    public static partial void WebListening(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Edge {Protocol} listener opened on {Endpoint}")]
    public static partial void ListenerOpened(ILogger logger, string protocol, IPEndPoint endpoint);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Edge {Protocol} listener closed on {Endpoint}")]
    public static partial void ListenerClosed(ILogger logger, string protocol, IPEndPoint endpoint);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Edge could not open {Protocol} listener on {Endpoint}")]
    public static partial void ListenerFailed(ILogger logger, Exception exception, string protocol, IPEndPoint endpoint);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Architecture is now {Architecture}")]
    public static partial void ArchitectureApplied(ILogger logger, ArchitectureType architecture);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Node {Node} is {Verdict} for pool {Pool}")]
    public static partial void HealthChanged(ILogger logger, string node, string verdict, PoolKind pool);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Debug, Message = "Probe of {Node} for pool {Pool} failed: {Reason}")]
    public static partial void ProbeFailed(ILogger logger, string node, PoolKind pool, string reason);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "Connect to node {Node} ({Endpoint}) failed for {Protocol}: {Reason} ({Suppressed} more since the last report)")]
    public static partial void ConnectFailed(ILogger logger, string node, string endpoint, string protocol, string reason, int suppressed);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Warning, Message = "No node available in pool {Pool}; {Protocol} client {Client} dropped ({Suppressed} more since the last report)")]
    public static partial void NoNode(ILogger logger, PoolKind pool, string protocol, string client, int suppressed);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Warning, Message = "SSH client {Client} refused: {Reason} ({Suppressed} more refused since the last report)")]
    public static partial void TcpRefused(ILogger logger, string client, string reason, int suppressed);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Debug, Message = "TCP session {Client} -> {Node} ended: {Reason}")]
    public static partial void TcpSessionEnded(ILogger logger, string client, string node, string reason);

    [LoggerMessage(EventId = 3023, Level = LogLevel.Debug, Message = "UDP datagram from {Client} dropped: {Reason}")]
    public static partial void DatagramDropped(ILogger logger, string client, string reason);

    [LoggerMessage(EventId = 3024, Level = LogLevel.Warning, Message = "FASP flow from {Client} refused: {Reason} ({Suppressed} more refused since the last report)")]
    public static partial void UdpRefused(ILogger logger, string client, string reason, int suppressed);

    [LoggerMessage(EventId = 3025, Level = LogLevel.Debug, Message = "UDP flow {Client} -> {Node} closed: {Reason}")]
    public static partial void UdpFlowClosed(ILogger logger, string client, string node, string reason);

    [LoggerMessage(EventId = 3026, Level = LogLevel.Warning, Message = "{Protocol} listener on {Endpoint} stopped on an unexpected error")]
    public static partial void ListenerCrashed(ILogger logger, Exception exception, string protocol, IPEndPoint endpoint);

    [LoggerMessage(EventId = 3027, Level = LogLevel.Warning, Message = "The UDP relay cannot batch datagrams (recvmmsg/sendmmsg): {Reason}; it moves one datagram per system call")]
    public static partial void UdpBatchingUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 3030, Level = LogLevel.Information, Message = "Web request {Method} {Path} to {Node} failed to connect; retrying on {Other} ({Suppressed} more since the last report)")]
    public static partial void WebRetry(ILogger logger, string method, string path, string node, string other, int suppressed);

    [LoggerMessage(EventId = 3031, Level = LogLevel.Warning, Message = "Web request to {Node} failed: {Error} ({Suppressed} more since the last report)")]
    public static partial void WebForwardFailed(ILogger logger, Exception? exception, string node, string error, int suppressed);

    [LoggerMessage(EventId = 3032, Level = LogLevel.Warning, Message = "Web connection ended on an unexpected error ({Suppressed} more since the last report)")]
    public static partial void WebConnectionFailed(ILogger logger, Exception exception, int suppressed);

    [LoggerMessage(EventId = 3033, Level = LogLevel.Information, Message = "Edge web port {Endpoint} forwards with {Forwarder}")]
    public static partial void WebForwarderChosen(ILogger logger, string endpoint, string forwarder);

    [LoggerMessage(EventId = 3034, Level = LogLevel.Error, Message = "The web event loop stopped: epoll_wait failed with errno {Errno}; restart the edge")]
    public static partial void WebLoopFailed(ILogger logger, int errno);

    [LoggerMessage(EventId = 3035, Level = LogLevel.Information, Message = "The web port's sockets run on the runtime's socket engine: {Reason}")]
    public static partial void WebLoopUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 3040, Level = LogLevel.Information, Message = "Node {Node} is drained; its {Count} open sessions close in {Deadline}")]
    public static partial void DrainStarted(ILogger logger, string node, int count, TimeSpan deadline);

    [LoggerMessage(EventId = 3041, Level = LogLevel.Information, Message = "Drain deadline of node {Node} reached; closing {Count} sessions")]
    public static partial void DrainDeadline(ILogger logger, string node, int count);

    [LoggerMessage(EventId = 3050, Level = LogLevel.Warning, Message = "Using a generated self-signed certificate for the HTTPS listener ({Subject})")]
    public static partial void SelfSignedCertificate(ILogger logger, string subject);

    [LoggerMessage(EventId = 3051, Level = LogLevel.Warning, Message = "The web ports changed to {Ports}; the web listener keeps its ports until restart")]
    public static partial void WebPortsChanged(ILogger logger, string ports);

    [LoggerMessage(EventId = 3060, Level = LogLevel.Information, Message = "SSH and FASP take the {Path} path: {Reason}")]
    public static partial void TransferPathChosen(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 3061, Level = LogLevel.Warning, Message = "Kernel path: {Command} failed: {Error} ({Suppressed} more since the last report)")]
    public static partial void KernelCommandFailed(ILogger logger, string command, string error, long suppressed);

    [LoggerMessage(EventId = 3062, Level = LogLevel.Error, Message = "Kernel path cannot carry the topology: {Reason}; the rules in force stay ({Suppressed} more since the last report)")]
    public static partial void KernelLayoutRefused(ILogger logger, string reason, long suppressed);

    [LoggerMessage(EventId = 3063, Level = LogLevel.Information, Message = "Kernel path: deleted the conntrack entries of node {Node} ({Why})")]
    public static partial void KernelFlowsDeleted(ILogger logger, string node, string why);

    [LoggerMessage(EventId = 3064, Level = LogLevel.Information, Message = "Kernel path: nftables table {Table} {Action}")]
    public static partial void KernelTable(ILogger logger, string table, string action);
}
