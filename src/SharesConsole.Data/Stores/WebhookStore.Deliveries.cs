using Microsoft.EntityFrameworkCore;
using SharesConsole.Data.Conversions;

namespace SharesConsole.Data.Stores;

public sealed partial class WebhookStore
{
    private const int MaxErrorLength = 1000;

    public async Task<long> AddDeliveryAsync(DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var row = await factory.InsertAsync(
            WebhookMapping.ToEntity(delivery),
            $"Webhook {delivery.WebhookId} already has a delivery of event {delivery.ClusterEventId}.",
            cancellationToken).ConfigureAwait(false);
        return row.Id;
    }

    public Task<DeliveryRecord?> NextInLineAsync(int webhookId, CancellationToken cancellationToken) =>
        factory.FirstAsync(
            db => db.WebhookDeliveries
                .Where(d => d.WebhookId == webhookId && d.Status == DeliveryStatus.Pending && d.ClusterEventId != null)
                .OrderBy(d => d.ClusterEventId),
            WebhookMapping.ToRecord,
            cancellationToken);

    public Task<DeliveryRecord?> FindDeliveryAsync(long id, CancellationToken cancellationToken) =>
        factory.FirstAsync(db => db.WebhookDeliveries.Where(d => d.Id == id), WebhookMapping.ToRecord, cancellationToken);

    public async Task<bool> ClaimAsync(long id, int attempts, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        await factory.RunAsync(
            db => db.WebhookDeliveries
                .Where(d => d.Id == id && d.Attempt == attempts && d.Status == DeliveryStatus.Pending && d.NextAttemptAt != null && d.NextAttemptAt <= now.AddSeconds(1))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, leaseUntil), cancellationToken),
            cancellationToken).ConfigureAwait(false) == 1;

    public Task RecordAttemptAsync(long id, int attempt, int? statusCode, string? error, DateTimeOffset at, string status, DateTimeOffset? nextAttemptAt, CancellationToken cancellationToken)
    {
        var trimmed = error is { Length: > MaxErrorLength } ? error[..MaxErrorLength] : error;
        return factory.RunAsync(
            db => db.WebhookDeliveries.Where(d => d.Id == id).ExecuteUpdateAsync(
                s => s
                    .SetProperty(d => d.Attempt, attempt)
                    .SetProperty(d => d.StatusCode, statusCode)
                    .SetProperty(d => d.Error, trimmed)
                    .SetProperty(d => d.At, at)
                    .SetProperty(d => d.Status, status)
                    .SetProperty(d => d.Succeeded, status == DeliveryStatus.Delivered)
                    .SetProperty(d => d.NextAttemptAt, nextAttemptAt),
                cancellationToken),
            cancellationToken);
    }

    public Task<IReadOnlyList<DeliveryRecord>> ListDeliveriesAsync(int webhookId, int limit, CancellationToken cancellationToken) =>
        factory.ListAsync(
            db => db.WebhookDeliveries.Where(d => d.WebhookId == webhookId).OrderByDescending(d => d.Id).Take(limit),
            WebhookMapping.ToRecord,
            cancellationToken);

    public Task<IReadOnlyList<long>> DueDeliveriesAsync(DateTimeOffset dueBefore, int limit, CancellationToken cancellationToken) =>
        factory.RunAsync<IReadOnlyList<long>>(
            async db => await db.WebhookDeliveries.AsNoTracking()
                .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt != null && d.NextAttemptAt <= dueBefore && d.ClusterEventId == null)
                .OrderBy(d => d.Id).Select(d => d.Id).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false),
            cancellationToken);

    public Task<IReadOnlyList<int>> DueWebhooksAsync(DateTimeOffset dueBefore, CancellationToken cancellationToken) =>
        factory.RunAsync<IReadOnlyList<int>>(
            async db => await db.WebhookDeliveries.AsNoTracking()
                .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt != null && d.NextAttemptAt <= dueBefore && d.ClusterEventId != null)
                .Select(d => d.WebhookId).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false),
            cancellationToken);
}
