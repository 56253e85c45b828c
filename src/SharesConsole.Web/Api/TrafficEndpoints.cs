using Microsoft.EntityFrameworkCore;
using SharesConsole.Data;
using SharesConsole.Edge.Counters;

namespace SharesConsole.Web.Api;

/// <summary>/api/v1/traffic: per node and protocol, live totals and per-minute history over a window.</summary>
internal static class TrafficEndpoints
{
    public sealed record TrafficTotals(string Node, string Protocol, long Requests, long BytesIn, long BytesOut, long Connections, long UdpFlows, long Errors);

    public sealed record TrafficReport(int WindowMinutes, DateTimeOffset From, IReadOnlyList<TrafficTotals> Window, IReadOnlyList<EdgeCounterSnapshot> Live);

    public static RouteGroupBuilder MapTrafficEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/traffic", GetAsync).WithTags("Traffic").Produces<TrafficReport>().ProducesValidationProblem();
        return api;
    }

    private static async Task<IResult> GetAsync(
        IDbContextFactory<SharesDbContext> factory,
        IServiceProvider services,
        TimeProvider time,
        string? node,
        string? protocol,
        int? windowMinutes,
        CancellationToken cancellationToken)
    {
        var minutes = windowMinutes ?? 60;
        if (minutes is < 1 or > 10080)
        {
            return ApiResults.Invalid("windowMinutes", "The window must be between 1 and 10080 minutes.");
        }

        if (protocol is not null && !Enum.TryParse<EdgeProtocol>(protocol, ignoreCase: true, out _))
        {
            return ApiResults.Invalid("protocol", "Use Web, Ssh or Fasp.");
        }

        var from = time.GetUtcNow().AddMinutes(-minutes);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var query = db.TrafficSamples.AsNoTracking().Where(s => s.Minute >= from);
        if (!string.IsNullOrEmpty(node))
        {
            query = query.Where(s => s.Node == node);
        }

        if (!string.IsNullOrEmpty(protocol))
        {
            query = query.Where(s => s.Protocol == protocol);
        }

        var rows = await query.ToListAsync(cancellationToken);
        var window = rows.GroupBy(s => (s.Node, s.Protocol))
            .Select(g => new TrafficTotals(g.Key.Node, g.Key.Protocol, g.Sum(s => s.Requests), g.Sum(s => s.BytesIn), g.Sum(s => s.BytesOut),
                g.Sum(s => s.Connections), g.Sum(s => s.UdpFlows), g.Sum(s => s.Errors)))
            .OrderBy(t => t.Node, StringComparer.Ordinal).ThenBy(t => t.Protocol, StringComparer.Ordinal)
            .ToArray();
        var live = (services.GetService<IEdgeCounters>()?.Snapshot() ?? [])
            .Where(c => string.IsNullOrEmpty(node) || string.Equals(c.Node, node, StringComparison.OrdinalIgnoreCase))
            .Where(c => string.IsNullOrEmpty(protocol) || string.Equals(c.Protocol.ToString(), protocol, StringComparison.OrdinalIgnoreCase))
            .ToArray();
        return TypedResults.Ok(new TrafficReport(minutes, from, window, live));
    }
}
