using System.Collections.Immutable;
using SharesConsole.Edge.Counters;

namespace SharesConsole.Web.Live;

/// <summary>Traffic of one node and protocol over one sampling period (rates per second, gauges at the end).</summary>
public sealed record TrafficRate(
    string Node,
    EdgeProtocol Protocol,
    double RequestsPerSecond,
    double BytesInPerSecond,
    double BytesOutPerSecond,
    long OpenConnections,
    long UdpFlows);

/// <summary>Every node and protocol at one instant (a one-second sample or a one-minute rollup).</summary>
public sealed record TrafficSample(DateTimeOffset Time, ImmutableArray<TrafficRate> Rates)
{
    public double RequestsPerSecond(EdgeProtocol protocol) => Rates.Where(r => r.Protocol == protocol).Sum(r => r.RequestsPerSecond);

    public double BitsPerSecond => Rates.Sum(r => r.BytesInPerSecond + r.BytesOutPerSecond) * 8;

    /// <summary>Open SSH sessions: a transfer holds one for its whole duration.</summary>
    public long TransferSessions => Rates.Where(r => r.Protocol == EdgeProtocol.Ssh).Sum(r => r.OpenConnections);

    public long UdpFlows => Rates.Sum(r => r.UdpFlows);
}
