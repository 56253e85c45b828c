namespace SharesConsole.Web.Webhooks;

/// <summary>Subscriptions and the delivery log.</summary>
public interface IWebhookStore
{
    Task<IReadOnlyList<WebhookRecord>> ListAsync(CancellationToken cancellationToken);

    Task<WebhookRecord?> FindAsync(int id, CancellationToken cancellationToken);

    Task<WebhookRecord> AddAsync(WebhookRecord webhook, CancellationToken cancellationToken);

    /// <summary>Replaces name, URL, kinds and enabled flag; null when there is no such webhook.</summary>
    Task<WebhookRecord?> UpdateAsync(WebhookRecord webhook, CancellationToken cancellationToken);

    /// <summary>Deletes the webhook and its deliveries; false when there is no such webhook.</summary>
    Task<bool> DeleteAsync(int id, CancellationToken cancellationToken);

    /// <summary>Persists a pending delivery (before any job is enqueued) and returns its id.</summary>
    Task<long> AddDeliveryAsync(DeliveryRecord delivery, CancellationToken cancellationToken);

    Task<DeliveryRecord?> FindDeliveryAsync(long id, CancellationToken cancellationToken);

    /// <summary>Takes a due pending delivery for one attempt (moves its next attempt to <paramref name="leaseUntil"/>); false if not due or taken.</summary>
    Task<bool> ClaimAsync(long id, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    Task RecordAttemptAsync(long id, int attempt, int? statusCode, string? error, DateTimeOffset at, string status, DateTimeOffset? nextAttemptAt, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeliveryRecord>> ListDeliveriesAsync(int webhookId, int limit, CancellationToken cancellationToken);

    /// <summary>Pending deliveries whose next attempt is at or before <paramref name="dueBefore"/>.</summary>
    Task<IReadOnlyList<long>> DueDeliveriesAsync(DateTimeOffset dueBefore, int limit, CancellationToken cancellationToken);
}
