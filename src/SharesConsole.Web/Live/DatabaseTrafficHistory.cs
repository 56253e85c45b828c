using SharesConsole.Data.Stores;
using SharesConsole.Edge.Counters;
using StoredSample = SharesConsole.Data.Stores.TrafficSample;

namespace SharesConsole.Web.Live;

/// <summary>The per-minute rollups the traffic job writes to the database, as chart samples (totals turned into rates per second).</summary>
public sealed class DatabaseTrafficHistory(TrafficStore store) : ITrafficHistory
{
    public async Task<IReadOnlyList<TrafficSample>> MinutesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var rows = await store.QueryAsync(from, to, node: null, protocol: null, cancellationToken);
        return ToSamples(rows);
    }

    public static IReadOnlyList<TrafficSample> ToSamples(IEnumerable<StoredSample> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return [.. rows
            .Where(r => Enum.TryParse<EdgeProtocol>(r.Protocol, ignoreCase: true, out _))
            .GroupBy(r => r.Minute)
            .OrderBy(g => g.Key)
            .Select(g => new TrafficSample(g.Key, [.. g.Select(ToRate)]))];
    }

    private static TrafficRate ToRate(StoredSample r) => new(
        r.Node,
        Enum.Parse<EdgeProtocol>(r.Protocol, ignoreCase: true),
        r.Requests / 60.0,
        r.BytesIn / 60.0,
        r.BytesOut / 60.0,
        r.Connections,
        r.UdpFlows);
}
