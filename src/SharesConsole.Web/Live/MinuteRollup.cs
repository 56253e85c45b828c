using System.Collections.Immutable;

namespace SharesConsole.Web.Live;

/// <summary>Averages one-second samples into one sample per minute (rates averaged, gauges at their peak).</summary>
internal sealed class MinuteRollup(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Queue<TrafficSample> _minutes = new();
    private readonly List<TrafficSample> _current = [];

    public void Add(TrafficSample sample)
    {
        lock (_gate)
        {
            if (_current.Count > 0 && Minute(_current[0].Time) != Minute(sample.Time))
            {
                _minutes.Enqueue(Average(_current));
                _current.Clear();
                while (_minutes.Count > capacity)
                {
                    _minutes.Dequeue();
                }
            }

            _current.Add(sample);
        }
    }

    public IReadOnlyList<TrafficSample> Snapshot()
    {
        lock (_gate)
        {
            return [.. _minutes];
        }
    }

    private static DateTimeOffset Minute(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, t.Offset);

    private static TrafficSample Average(List<TrafficSample> samples)
    {
        var count = samples.Count;
        var rates = samples
            .SelectMany(s => s.Rates)
            .GroupBy(r => (r.Node, r.Protocol))
            .Select(g => new TrafficRate(
                g.Key.Node,
                g.Key.Protocol,
                g.Sum(r => r.RequestsPerSecond) / count,
                g.Sum(r => r.BytesInPerSecond) / count,
                g.Sum(r => r.BytesOutPerSecond) / count,
                g.Max(r => r.OpenConnections),
                g.Max(r => r.UdpFlows)))
            .ToImmutableArray();
        return new TrafficSample(Minute(samples[0].Time), rates);
    }
}
