namespace SharesConsole.Data.Stores;

/// <summary>One event on its way to one webhook: the signed body, attempts so far and the last answer.</summary>
public sealed record DeliveryRecord
{
    public long Id { get; init; }

    public int WebhookId { get; init; }

    /// <summary>The id in the payload (<c>evt_…</c>).</summary>
    public long EventId { get; init; }

    /// <summary>The audit-log event carried; null for a test send (which is not kept in event order).</summary>
    public long? ClusterEventId { get; init; }

    public required string Kind { get; init; }

    public required string Payload { get; init; }

    public string Status { get; init; } = DeliveryStatus.Pending;

    public int Attempt { get; init; }

    public int? StatusCode { get; init; }

    public string? Error { get; init; }

    /// <summary>When the latest attempt was made (creation until the first).</summary>
    public DateTimeOffset At { get; init; }

    public DateTimeOffset? NextAttemptAt { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
