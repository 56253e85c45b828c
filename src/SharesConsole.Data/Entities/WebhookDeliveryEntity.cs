namespace SharesConsole.Data.Entities;

/// <summary>
/// One event on its way to one webhook: the signed body is kept so a restart loses nothing;
/// <see cref="Attempt"/>, <see cref="StatusCode"/> and <see cref="Error"/> describe the latest attempt.
/// </summary>
public sealed class WebhookDeliveryEntity
{
    public long Id { get; set; }

    public int WebhookId { get; set; }

    /// <summary>The id in the payload (<c>evt_…</c>), shared by the deliveries of one event.</summary>
    public long EventId { get; set; }

    /// <summary>The audit-log event carried; null for a test send. A webhook gets at most one delivery per event.</summary>
    public long? ClusterEventId { get; set; }

    /// <summary>When the delivery was created; retries stop once the retry window since then has passed.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    public int Attempt { get; set; }

    public int? StatusCode { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset At { get; set; }

    public bool Succeeded { get; set; }

    /// <summary>Event kind, e.g. node.down (webhook.test for a test send).</summary>
    public string? Kind { get; set; }

    /// <summary>The JSON body sent (and re-sent on retries).</summary>
    public string? Payload { get; set; }

    /// <summary>Pending, Delivered or Failed.</summary>
    public string Status { get; set; } = "";

    /// <summary>When the next attempt is due; null once delivered or given up.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }
}
