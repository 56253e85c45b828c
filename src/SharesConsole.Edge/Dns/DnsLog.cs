using System.Net;
using Microsoft.Extensions.Logging;

namespace SharesConsole.Edge.Dns;

/// <summary>Log messages of the DNS responder; EventIds 4000-4099.</summary>
internal static partial class DnsLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "DNS responder listening on {Endpoint} ({Protocol})")]
    public static partial void Listening(ILogger logger, EndPoint endpoint, string protocol);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "DNS responder disabled by configuration (Dns:Enabled=false)")]
    public static partial void Disabled(ILogger logger);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "DNS responder not started here: the edges run apart (Edge:Embedded=false) and answer DNS")]
    public static partial void OnTheEdges(ILogger logger);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "DNS responder stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "No healthy node for {Family} records of the transfer name: failing open with all {Count} configured nodes")]
    public static partial void FailingOpen(ILogger logger, string family, int count);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "No healthy node for {Family} records of the transfer name: answering SERVFAIL (Dns:FailOpen=false)")]
    public static partial void FailingClosed(ILogger logger, string family);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "{Family} records of the transfer name are served from healthy nodes again ({Count} healthy)")]
    public static partial void Recovered(ILogger logger, string family, int count);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Error, Message = "DNS zone '{Zone}' or transfer name '{Transfer}' is not a valid domain name: queries are refused")]
    public static partial void InvalidZone(ILogger logger, string zone, string transfer);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Debug, Message = "DNS UDP socket error {Error} on {Endpoint}")]
    public static partial void UdpError(ILogger logger, System.Net.Sockets.SocketError error, EndPoint endpoint);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "DNS TCP connection limit {Limit} reached: closing a new connection from {Remote}")]
    public static partial void TcpLimit(ILogger logger, int limit, EndPoint? remote);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Debug, Message = "DNS TCP connection from {Remote} ended: {Reason}")]
    public static partial void TcpClosed(ILogger logger, EndPoint? remote, string reason);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Error, Message = "DNS {Protocol} loop on {Endpoint} failed")]
    public static partial void LoopFailed(ILogger logger, Exception exception, string protocol, EndPoint endpoint);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Warning, Message = "The NS answer of zone '{Zone}' with its glue takes {Length} bytes, more than {Limit}: a resolver asking over UDP without EDNS gets it truncated and must retry over TCP (shorter or fewer Dns:NameServers entries avoid that)")]
    public static partial void NameServersOverUdpLimit(ILogger logger, string zone, int length, int limit);
}
