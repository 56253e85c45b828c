using SharesConsole.Edge.Counters;

namespace SharesConsole.Web.Edges;

/// <summary>
/// The traffic of every edge process, from their reports, as one set of running totals (the control plane's traffic graphs,
/// rollups and <c>/metrics</c> read it as they read an embedded edge). Totals never go back: an edge that restarts (its own
/// totals start again from zero) or goes away leaves what it had counted in the sum.
/// </summary>
public sealed class RemoteEdgeCounters : IEdgeCounters
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (DateTimeOffset StartedAt, IReadOnlyList<EdgeCounterSnapshot> Counters)> _live = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string Node, EdgeProtocol Protocol), EdgeCounterSnapshot> _retired = [];

    public RemoteEdgeCounters(EdgeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Reported += (_, report) => Record(report.Edge, report.Report.StartedAt, report.Report.Counters);
    }

    public void Record(string edge, DateTimeOffset startedAt, IReadOnlyList<EdgeCounterSnapshot> counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        lock (_lock)
        {
            if (_live.TryGetValue(edge, out var previous) && previous.StartedAt != startedAt)
            {
                // A new process of this edge: what the old one counted stays in the totals, its open gauges do not.
                foreach (var snapshot in previous.Counters)
                {
                    var key = (snapshot.Node, snapshot.Protocol);
                    _retired[key] = Add(_retired.GetValueOrDefault(key), snapshot with { OpenConnections = 0, OpenUdpFlows = 0 });
                }
            }

            _live[edge] = (startedAt, counters);
        }
    }

    public IReadOnlyList<EdgeCounterSnapshot> Snapshot()
    {
        lock (_lock)
        {
            var sum = new Dictionary<(string Node, EdgeProtocol Protocol), EdgeCounterSnapshot>(_retired);
            foreach (var snapshot in _live.Values.SelectMany(v => v.Counters))
            {
                var key = (snapshot.Node, snapshot.Protocol);
                sum[key] = Add(sum.GetValueOrDefault(key), snapshot);
            }

            return [.. sum.Values.OrderBy(s => s.Node, StringComparer.Ordinal).ThenBy(s => s.Protocol)];
        }
    }

    private static EdgeCounterSnapshot Add(EdgeCounterSnapshot? a, EdgeCounterSnapshot b) => a is null ? b : a with
    {
        Requests = a.Requests + b.Requests,
        Responses1xx = a.Responses1xx + b.Responses1xx,
        Responses2xx = a.Responses2xx + b.Responses2xx,
        Responses3xx = a.Responses3xx + b.Responses3xx,
        Responses4xx = a.Responses4xx + b.Responses4xx,
        Responses5xx = a.Responses5xx + b.Responses5xx,
        BytesIn = a.BytesIn + b.BytesIn,
        BytesOut = a.BytesOut + b.BytesOut,
        OpenConnections = a.OpenConnections + b.OpenConnections,
        OpenUdpFlows = a.OpenUdpFlows + b.OpenUdpFlows,
        Datagrams = a.Datagrams + b.Datagrams,
        Errors = a.Errors + b.Errors,
    };
}
