using MudBlazor;
using SharesConsole.Web.Live;

namespace SharesConsole.Web.Components.Pages;

/// <summary>What a traffic chart plots.</summary>
public enum TrafficMetric
{
    Requests,
    BytesIn,
    BytesOut,
    Connections,
    UdpFlows,
}

/// <summary>Turns traffic samples into chart series, one per node or one per protocol.</summary>
public static class TrafficSeries
{
    public static List<ChartSeries<double>> Build(IReadOnlyList<TrafficSample> samples, TrafficMetric metric, bool byProtocol)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var keys = samples
            .SelectMany(s => s.Rates)
            .Select(r => Key(r, byProtocol))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        return [.. keys.Select(key => new ChartSeries<double>
        {
            Name = key,
            Data = new ChartData<double>(samples
                .Select(s => (s.Time.UtcDateTime, s.Rates.Where(r => Key(r, byProtocol) == key).Sum(r => Value(r, metric))))
                .ToList()),
        })];
    }

    public static double Value(TrafficRate rate, TrafficMetric metric)
    {
        ArgumentNullException.ThrowIfNull(rate);
        return metric switch
        {
            TrafficMetric.Requests => rate.RequestsPerSecond,
            TrafficMetric.BytesIn => rate.BytesInPerSecond,
            TrafficMetric.BytesOut => rate.BytesOutPerSecond,
            TrafficMetric.Connections => rate.OpenConnections,
            _ => rate.UdpFlows,
        };
    }

    private static string Key(TrafficRate rate, bool byProtocol) => byProtocol ? rate.Protocol.ToString().ToLowerInvariant() : rate.Node;
}
