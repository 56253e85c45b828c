using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SharesConsole.Edge.Configuration;
using SharesConsole.Edge.Counters;
using SharesConsole.Edge.Drain;
using SharesConsole.Edge.Health;
using SharesConsole.Edge.Pools;

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

    public int TcpConnections => Volatile.Read(ref _tcpConnections);

    public int UdpFlows => Volatile.Read(ref _udpFlows);

    public bool TryEnterTcp() => TryEnter(ref _tcpConnections, Options.MaxTcpConnections);

    public void LeaveTcp() => Interlocked.Decrement(ref _tcpConnections);

    public bool TryEnterFlow() => TryEnter(ref _udpFlows, Options.MaxUdpFlows);

    public void LeaveFlow() => Interlocked.Decrement(ref _udpFlows);

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
