namespace SharesConsole.Data.Stores;

/// <summary>Counters of one node and protocol during one UTC minute (the totals for that minute, not increments).</summary>
public sealed record TrafficSample
{
    public required string Node { get; init; }

    /// <summary>The edge protocol name, e.g. Web, Ssh, Fasp.</summary>
    public required string Protocol { get; init; }

    /// <summary>Any instant inside the minute; stored truncated to the minute in UTC.</summary>
    public required DateTimeOffset Minute { get; init; }

    public long Requests { get; init; }

    public long Responses2xx { get; init; }

    public long Responses3xx { get; init; }

    public long Responses4xx { get; init; }

    public long Responses5xx { get; init; }

    public long BytesIn { get; init; }

    public long BytesOut { get; init; }

    public long Connections { get; init; }

    public long UdpFlows { get; init; }

    public long Errors { get; init; }

    public static DateTimeOffset TruncateToMinute(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
    }
}
