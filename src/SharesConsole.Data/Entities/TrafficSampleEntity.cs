namespace SharesConsole.Data.Entities;

/// <summary>Traffic counters of one node and protocol during one UTC minute.</summary>
public sealed class TrafficSampleEntity
{
    public long Id { get; set; }

    public string Node { get; set; } = "";

    public string Protocol { get; set; } = "";

    /// <summary>Start of the minute (UTC, seconds and below zero).</summary>
    public DateTimeOffset Minute { get; set; }

    public long Requests { get; set; }

    public long Responses2xx { get; set; }

    public long Responses3xx { get; set; }

    public long Responses4xx { get; set; }

    public long Responses5xx { get; set; }

    public long BytesIn { get; set; }

    public long BytesOut { get; set; }

    public long Connections { get; set; }

    public long UdpFlows { get; set; }

    public long Errors { get; set; }
}
