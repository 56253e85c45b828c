namespace SharesConsole.Data.Stores;

/// <summary>Subscriptions and the delivery log.</summary>
public interface IWebhookStore
{
    /// <summary>Every webhook in creation order.</summary>
    Task<IReadOnlyList<WebhookRecord>> ListAsync(CancellationToken cancellationToken);

    Task<WebhookRecord?> FindAsync(int id, CancellationToken cancellationToken);

    /// <summary>Stores the webhook and returns it with its id; <see cref="StoreConflictException"/> when its name is taken.</summary>
    Task<WebhookRecord> AddAsync(WebhookRecord webhook, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces name, URL, kinds and enabled flag (never the secret); null when there is no such webhook,
    /// <see cref="StoreConflictException"/> when another webhook has the name.
    /// </summary>
    Task<WebhookRecord?> UpdateAsync(WebhookRecord webhook, CancellationToken cancellationToken);

    /// <summary>Deletes the webhook and its deliveries; false when there is no such webhook.</summary>
    Task<bool> DeleteAsync(int id, CancellationToken cancellationToken);

    /// <summary>Persists a pending delivery (before any job is enqueued) and returns its id.</summary>
    Task<long> AddDeliveryAsync(DeliveryRecord delivery, CancellationToken cancellationToken);

    /// <summary>The id of the last audit-log event turned into deliveries.</summary>
    Task<long> GetCursorAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Moves the cursor from <paramref name="expected"/> to <paramref name="next"/> and persists the deliveries of the
    /// events in between, in one transaction; a webhook never gets two deliveries of one event. False, with nothing
    /// written, when the cursor is no longer at <paramref name="expected"/>.
    /// </summary>
    Task<bool> AdvanceAsync(long expected, long next, IReadOnlyList<DeliveryRecord> deliveries, CancellationToken cancellationToken);

    /// <summary>The webhook's oldest pending event delivery (by event), due or not; null when none is pending.</summary>
    Task<DeliveryRecord?> NextInLineAsync(int webhookId, CancellationToken cancellationToken);

    Task<DeliveryRecord?> FindDeliveryAsync(long id, CancellationToken cancellationToken);

    /// <summary>
    /// Takes a due pending delivery that has had <paramref name="attempts"/> attempts for one more (moves its next attempt
    /// to <paramref name="leaseUntil"/>); false if not due, taken, or attempted meanwhile.
    /// </summary>
    Task<bool> ClaimAsync(long id, int attempts, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    Task RecordAttemptAsync(long id, int attempt, int? statusCode, string? error, DateTimeOffset at, string status, DateTimeOffset? nextAttemptAt, CancellationToken cancellationToken);

    /// <summary>The webhook's newest deliveries first.</summary>
    Task<IReadOnlyList<DeliveryRecord>> ListDeliveriesAsync(int webhookId, int limit, CancellationToken cancellationToken);

    /// <summary>Pending test sends (deliveries of no event) whose next attempt is at or before <paramref name="dueBefore"/>.</summary>
    Task<IReadOnlyList<long>> DueDeliveriesAsync(DateTimeOffset dueBefore, int limit, CancellationToken cancellationToken);

    /// <summary>Webhooks with a pending event delivery whose next attempt is at or before <paramref name="dueBefore"/>.</summary>
    Task<IReadOnlyList<int>> DueWebhooksAsync(DateTimeOffset dueBefore, CancellationToken cancellationToken);
}
