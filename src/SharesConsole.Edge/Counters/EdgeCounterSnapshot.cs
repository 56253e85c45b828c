namespace SharesConsole.Edge.Counters;

/// <summary>Counters of one node and protocol at one instant. Totals since start, except the open gauges.</summary>
public sealed record EdgeCounterSnapshot
{
    public required string Node { get; init; }

    public required EdgeProtocol Protocol { get; init; }

    /// <summary>HTTP requests, TCP connections or UDP flows handed to the node.</summary>
    public long Requests { get; init; }

    public long Responses1xx { get; init; }

    public long Responses2xx { get; init; }

    public long Responses3xx { get; init; }

    public long Responses4xx { get; init; }

    public long Responses5xx { get; init; }

    /// <summary>Bytes from clients to the node.</summary>
    public long BytesIn { get; init; }

    /// <summary>Bytes from the node back to clients.</summary>
    public long BytesOut { get; init; }

    /// <summary>HTTP requests in flight or open TCP connections.</summary>
    public long OpenConnections { get; init; }

    public long OpenUdpFlows { get; init; }

    public long Datagrams { get; init; }

    public long Errors { get; init; }
}
