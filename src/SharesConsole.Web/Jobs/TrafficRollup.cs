using Hangfire;
using SharesConsole.Data.Stores;
using SharesConsole.Edge.Counters;

namespace SharesConsole.Web.Jobs;

/// <summary>
/// Per-minute Hangfire job: turns the edge's running totals into per-minute traffic samples
/// (the console's 1-hour and 24-hour charts, the traffic API) and prunes old samples.
/// </summary>
public sealed class TrafficRollup(IEdgeCounters counters, TrafficStore store, TimeProvider time)
{
    public const string JobId = "traffic-rollup";
    public const string RetentionJobId = "traffic-retention";

    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    private readonly Lock _gate = new();
    private Dictionary<(string, EdgeProtocol), EdgeCounterSnapshot> _last = [];

    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 30)]
    public async Task RollupAsync(CancellationToken cancellationToken)
    {
        var minute = TrafficSample.TruncateToMinute(time.GetUtcNow() - TimeSpan.FromSeconds(30));
        var samples = Deltas(counters.Snapshot(), minute);
        if (samples.Count > 0)
        {
            await store.UpsertAsync(samples, cancellationToken);
        }
    }

    [AutomaticRetry(Attempts = 3)]
    public Task<int> PruneAsync(CancellationToken cancellationToken) =>
        store.DeleteOlderThanAsync(time.GetUtcNow() - Retention, cancellationToken);

    /// <summary>The traffic since the previous call, as samples for <paramref name="minute"/>; gauges are taken as they are.</summary>
    public IReadOnlyList<TrafficSample> Deltas(IReadOnlyList<EdgeCounterSnapshot> now, DateTimeOffset minute)
    {
        ArgumentNullException.ThrowIfNull(now);
        lock (_gate)
        {
            var samples = new List<TrafficSample>(now.Count);
            foreach (var c in now)
            {
                _last.TryGetValue((c.Node, c.Protocol), out var before);
                samples.Add(new TrafficSample
                {
                    Node = c.Node,
                    Protocol = c.Protocol.ToString(),
                    Minute = minute,
                    Requests = c.Requests - (before?.Requests ?? 0),
                    Responses2xx = c.Responses2xx - (before?.Responses2xx ?? 0),
                    Responses3xx = c.Responses3xx - (before?.Responses3xx ?? 0),
                    Responses4xx = c.Responses4xx - (before?.Responses4xx ?? 0),
                    Responses5xx = c.Responses5xx - (before?.Responses5xx ?? 0),
                    BytesIn = c.BytesIn - (before?.BytesIn ?? 0),
                    BytesOut = c.BytesOut - (before?.BytesOut ?? 0),
                    Connections = c.OpenConnections,
                    UdpFlows = c.OpenUdpFlows,
                    Errors = c.Errors - (before?.Errors ?? 0),
                });
            }

            _last = now.ToDictionary(c => (c.Node, c.Protocol));
            return samples;
        }
    }
}
