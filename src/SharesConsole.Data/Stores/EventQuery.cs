using SharesConsole.Core.State;

namespace SharesConsole.Data.Stores;

/// <summary>
/// Filters for the audit log. With <see cref="AfterId"/> (the "since" cursor) events come oldest first, for tailing;
/// without it newest first, paged backwards with <see cref="BeforeId"/>.
/// </summary>
public sealed record EventQuery
{
    public const int MaxLimit = 1000;

    public string? Node { get; init; }

    public string? Service { get; init; }

    public string? Kind { get; init; }

    public DateTimeOffset? From { get; init; }

    /// <summary>Exclusive upper bound.</summary>
    public DateTimeOffset? To { get; init; }

    public long? AfterId { get; init; }

    public long? BeforeId { get; init; }

    /// <summary>1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = 100;
}

/// <summary>
/// One page of events. <see cref="NextCursor"/> feeds the next query: as AfterId when tailing (never null: poll again
/// with it), as BeforeId when paging backwards (null once the oldest event was returned).
/// </summary>
public sealed record EventPage(IReadOnlyList<ClusterEvent> Items, long? NextCursor);
