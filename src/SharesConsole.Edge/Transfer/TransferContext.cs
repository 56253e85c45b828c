using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Configuration;
using SharesConsole.Edge.Counters;
using SharesConsole.Edge.Diagnostics;
using SharesConsole.Edge.Drain;
using SharesConsole.Edge.Health;
using SharesConsole.Edge.Pools;
using SharesConsole.Edge.Transfer.Datagrams;

namespace SharesConsole.Edge.Transfer;

/// <summary>What the TCP and UDP forwarders share: pools, health reports, drain, counters, limits and settings.</summary>
public sealed class TransferContext(
    EdgePools pools,
    NodeHealthMonitor health,
    DrainRegistry drain,
    EdgeCounters counters,
    IOptions<EdgeOptions> options,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory)
{
    private readonly PerSourceLimit _tcpPerSource = new(options.Value.MaxTcpConnectionsPerSource);
    private readonly PerSourceLimit _flowsPerSource = new(options.Value.MaxUdpFlowsPerSource);
    private int _tcpConnections;
    private int _udpFlows;

    public EdgePools Pools { get; } = pools;

    /// <summary>Keeps a client's SSH sessions and FASP flows on one node while any of them lives.</summary>
    public ClientPins Pins { get; } = new();

    public NodeHealthMonitor Health { get; } = health;

    public DrainRegistry Drain { get; } = drain;

    public EdgeCounters Counters { get; } = counters;

    public EdgeOptions Options { get; } = options.Value;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public ILogger Logger { get; } = loggerFactory.CreateLogger("SharesConsole.Edge.Transfer");

    internal UdpSockets UdpSockets { get; } = new(options.Value.UdpSocketBufferSize);

    /// <summary>The UDP relay's recvmmsg/sendmmsg batches, or the note that it moves one datagram per call.</summary>
    internal DatagramBatches Datagrams { get; } = new(options.Value.UdpBatchSize, loggerFactory.CreateLogger("SharesConsole.Edge.Transfer"));

    /// <summary>One line a minute per kind of refusal or failure, with how many were not logged.</summary>
    public LogThrottle Throttle { get; } = new(timeProvider, TimeSpan.FromMinutes(1));

    public int TcpConnections => Volatile.Read(ref _tcpConnections);

    public int UdpFlows => Volatile.Read(ref _udpFlows);

    /// <summary>Open SSH connections of one client address.</summary>
    public int TcpConnectionsOf(IPAddress source) => _tcpPerSource.CountOf(source);

    /// <summary>Open FASP flows of one client address.</summary>
    public int UdpFlowsOf(IPAddress source) => _flowsPerSource.CountOf(source);

    /// <summary>Takes a TCP slot for <paramref name="source"/>; null when admitted, otherwise why not.</summary>
    public string? TryEnterTcp(IPAddress source) =>
        TryEnter(_tcpPerSource, source, ref _tcpConnections, Options.MaxTcpConnections, "SSH connections");

    public void LeaveTcp(IPAddress source)
    {
        Interlocked.Decrement(ref _tcpConnections);
        _tcpPerSource.Leave(source);
    }

    /// <summary>Takes a UDP flow slot for <paramref name="source"/>; null when admitted, otherwise why not.</summary>
    public string? TryEnterFlow(IPAddress source) =>
        TryEnter(_flowsPerSource, source, ref _udpFlows, Options.MaxUdpFlows, "FASP flows");

    public void LeaveFlow(IPAddress source)
    {
        Interlocked.Decrement(ref _udpFlows);
        _flowsPerSource.Leave(source);
    }

    /// <summary>No node could take a client: one warning a minute per protocol.</summary>
    public void LogNoNode(string protocol, string client)
    {
        if (Throttle.ShouldLog($"no-node {protocol}", out var suppressed))
        {
            EdgeLog.NoNode(Logger, PoolKind.Transfer, protocol, client, suppressed);
        }
    }

    /// <summary>A connect to a node failed: one warning a minute per node and protocol.</summary>
    public void LogConnectFailed(string node, string endpoint, string protocol, string reason)
    {
        if (Throttle.ShouldLog($"connect {node} {protocol}", out var suppressed))
        {
            EdgeLog.ConnectFailed(Logger, node, endpoint, protocol, reason, suppressed);
        }
    }

    private static string? TryEnter(PerSourceLimit perSource, IPAddress source, ref int count, int limit, string what)
    {
        if (!perSource.TryEnter(source))
        {
            return $"{perSource.Limit} open {what} from this address (the per-source limit)";
        }

        if (!TryEnter(ref count, limit))
        {
            perSource.Leave(source);
            return $"{limit} open {what} in all (the edge's limit)";
        }

        return null;
    }

    private static bool TryEnter(ref int count, int limit)
    {
        if (Interlocked.Increment(ref count) <= limit)
        {
            return true;
        }

        Interlocked.Decrement(ref count);
        return false;
    }
}
