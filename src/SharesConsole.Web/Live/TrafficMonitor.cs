using System.Collections.Immutable;
using SharesConsole.ControlPlane.State;
using SharesConsole.Edge.Counters;

namespace SharesConsole.Web.Live;

/// <summary>
/// Turns the edge's running totals into per-second rates once a second and keeps the last five
/// minutes of seconds and the last 24 hours of minute rollups in memory for the traffic charts.
/// Without an edge in this host (no <see cref="IEdgeCounters"/>) every sample is empty.
/// </summary>
public sealed class TrafficMonitor(IEnumerable<IEdgeCounters> counters, TimeProvider time) : BackgroundService
{
    public const int SecondsKept = 300;
    public const int MinutesKept = 1440;

    private readonly IEdgeCounters? _counters = counters.FirstOrDefault();
    private readonly Broadcast<TrafficSample> _broadcast = new(capacity: 8);
    private readonly MinuteRollup _rollup = new(MinutesKept);
    private readonly Lock _gate = new();
    private readonly Queue<TrafficSample> _seconds = new();
    private Dictionary<(string, EdgeProtocol), EdgeCounterSnapshot> _previous = [];
    private DateTimeOffset? _previousAt;

    public TrafficSample? Latest { get; private set; }

    public IReadOnlyList<TrafficSample> Seconds()
    {
        lock (_gate)
        {
            return [.. _seconds];
        }
    }

    public IReadOnlyList<TrafficSample> Minutes() => _rollup.Snapshot();

    /// <summary>Yields every new one-second sample.</summary>
    public IAsyncEnumerable<TrafficSample> WatchAsync(CancellationToken cancellationToken) =>
        _broadcast.ReadAllAsync(null, cancellationToken);

    /// <summary>Takes one sample now (the background loop calls it every second).</summary>
    public TrafficSample Tick()
    {
        var now = time.GetUtcNow();
        var current = (_counters?.Snapshot() ?? []).ToDictionary(s => (s.Node, s.Protocol));
        var seconds = _previousAt is { } at ? Math.Max((now - at).TotalSeconds, 0.001) : 1;
        var rates = current.Values
            .Where(s => s.Node != EdgeCounters.NoNode)
            .Select(s => Rate(s, _previous.GetValueOrDefault((s.Node, s.Protocol)), seconds))
            .ToImmutableArray();
        _previous = current;
        _previousAt = now;
        var sample = new TrafficSample(now, rates);
        lock (_gate)
        {
            _seconds.Enqueue(sample);
            while (_seconds.Count > SecondsKept)
            {
                _seconds.Dequeue();
            }
        }

        _rollup.Add(sample);
        Latest = sample;
        _broadcast.Publish(sample);
        return sample;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Tick();
            }
        }
        catch (OperationCanceledException)
        {
            // Host stopping.
        }
    }

    private static TrafficRate Rate(EdgeCounterSnapshot now, EdgeCounterSnapshot? before, double seconds) => new(
        now.Node,
        now.Protocol,
        PerSecond(now.Requests, before?.Requests, seconds),
        PerSecond(now.BytesIn, before?.BytesIn, seconds),
        PerSecond(now.BytesOut, before?.BytesOut, seconds),
        now.OpenConnections,
        now.OpenUdpFlows);

    // A counter seen for the first time started at zero within this period.
    private static double PerSecond(long now, long? before, double seconds) => Math.Max(now - (before ?? 0), 0) / seconds;
}
