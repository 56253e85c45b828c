namespace SharesConsole.Web.Webhooks;

/// <summary>A webhook subscription; no <see cref="EventKinds"/> means every kind.</summary>
public sealed record WebhookRecord
{
    public int Id { get; init; }

    public required string Name { get; init; }

    public required string Url { get; init; }

    public required string Secret { get; init; }

    public IReadOnlyList<string> EventKinds { get; init; } = [];

    public bool Enabled { get; init; } = true;

    public DateTimeOffset CreatedAt { get; init; }
}

public static class DeliveryStatus
{
    public const string Pending = "Pending";
    public const string Delivered = "Delivered";
    public const string Failed = "Failed";
}

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
