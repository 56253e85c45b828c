using SharesConsole.Core.State;

namespace SharesConsole.Web.Live;

/// <summary>Filters of the audit log; null means any.</summary>
public sealed record EventQuery
{
    public string? Node { get; init; }

    public string? Service { get; init; }

    public string? Kind { get; init; }

    public DateTimeOffset? From { get; init; }

    public int Limit { get; init; } = 500;

    public bool Matches(ClusterEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return (Node is null || string.Equals(e.Node, Node, StringComparison.OrdinalIgnoreCase))
            && (Service is null || string.Equals(e.Service, Service, StringComparison.OrdinalIgnoreCase))
            && (Kind is null || string.Equals(e.Kind, Kind, StringComparison.Ordinal))
            && (From is null || e.Time >= From);
    }
}

/// <summary>Past audit-log events for the Events page; newest first.</summary>
public interface IEventHistory
{
    Task<IReadOnlyList<ClusterEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken);
}
