using Microsoft.EntityFrameworkCore;
using SharesConsole.Data;
using SharesConsole.Data.Entities;
using SharesConsole.Data.Stores;

namespace SharesConsole.Web.Webhooks;

/// <summary>Webhooks and deliveries in the SharesConsole database (one delivery row per event and webhook).</summary>
public sealed class EfWebhookStore(IDbContextFactory<SharesDbContext> factory, WebhookOutboxStore outbox) : IWebhookStore
{
    public async Task<IReadOnlyList<WebhookRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Webhooks.AsNoTracking().OrderBy(w => w.Id).ToListAsync(cancellationToken);
        return [.. rows.Select(ToRecord)];
    }

    public async Task<WebhookRecord?> FindAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var row = await db.Webhooks.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, cancellationToken);
        return row is null ? null : ToRecord(row);
    }

    public async Task<WebhookRecord> AddAsync(WebhookRecord webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var row = new WebhookEntity
        {
            Name = webhook.Name,
            Url = webhook.Url,
            Secret = webhook.Secret,
            EventKinds = string.Join(',', webhook.EventKinds),
            Enabled = webhook.Enabled,
            CreatedAt = webhook.CreatedAt,
        };
        db.Webhooks.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return ToRecord(row);
    }

    public async Task<WebhookRecord?> UpdateAsync(WebhookRecord webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var row = await db.Webhooks.FirstOrDefaultAsync(w => w.Id == webhook.Id, cancellationToken);
        if (row is null)
        {
            return null;
        }

        row.Name = webhook.Name;
        row.Url = webhook.Url;
        row.EventKinds = string.Join(',', webhook.EventKinds);
        row.Enabled = webhook.Enabled;
        await db.SaveChangesAsync(cancellationToken);
        return ToRecord(row);
    }

    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.WebhookDeliveries.Where(d => d.WebhookId == id).ExecuteDeleteAsync(cancellationToken);
        return await db.Webhooks.Where(w => w.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    public async Task<long> AddDeliveryAsync(DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var row = ToEntity(delivery);
        db.WebhookDeliveries.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return row.Id;
    }

    public Task<long> GetCursorAsync(CancellationToken cancellationToken) => outbox.GetCursorAsync(cancellationToken);

    public async Task<bool> AdvanceAsync(long expected, long next, IReadOnlyList<DeliveryRecord> deliveries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        var result = await outbox.AdvanceAsync(expected, next, [.. deliveries.Select(ToEntity)], cancellationToken);
        return result.Moved;
    }

    public async Task<DeliveryRecord?> NextInLineAsync(int webhookId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var row = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.WebhookId == webhookId && d.Status == DeliveryStatus.Pending && d.ClusterEventId != null)
            .OrderBy(d => d.ClusterEventId)
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : ToRecord(row);
    }

    public async Task<DeliveryRecord?> FindDeliveryAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var row = await db.WebhookDeliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        return row is null ? null : ToRecord(row);
    }

    public async Task<bool> ClaimAsync(long id, int attempts, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var claimed = await db.WebhookDeliveries
            .Where(d => d.Id == id && d.Attempt == attempts && d.Status == DeliveryStatus.Pending && d.NextAttemptAt != null && d.NextAttemptAt <= now.AddSeconds(1))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, leaseUntil), cancellationToken);
        return claimed == 1;
    }

    public async Task RecordAttemptAsync(long id, int attempt, int? statusCode, string? error, DateTimeOffset at, string status, DateTimeOffset? nextAttemptAt, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var trimmed = error is { Length: > 1000 } ? error[..1000] : error;
        await db.WebhookDeliveries.Where(d => d.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Attempt, attempt)
            .SetProperty(d => d.StatusCode, statusCode)
            .SetProperty(d => d.Error, trimmed)
            .SetProperty(d => d.At, at)
            .SetProperty(d => d.Status, status)
            .SetProperty(d => d.Succeeded, status == DeliveryStatus.Delivered)
            .SetProperty(d => d.NextAttemptAt, nextAttemptAt), cancellationToken);
    }

    public async Task<IReadOnlyList<DeliveryRecord>> ListDeliveriesAsync(int webhookId, int limit, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var rows = await db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == webhookId)
            .OrderByDescending(d => d.Id).Take(limit).ToListAsync(cancellationToken);
        return [.. rows.Select(ToRecord)];
    }

    public async Task<IReadOnlyList<long>> DueDeliveriesAsync(DateTimeOffset dueBefore, int limit, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt != null && d.NextAttemptAt <= dueBefore && d.ClusterEventId == null)
            .OrderBy(d => d.Id).Select(d => d.Id).Take(limit).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<int>> DueWebhooksAsync(DateTimeOffset dueBefore, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt != null && d.NextAttemptAt <= dueBefore && d.ClusterEventId != null)
            .Select(d => d.WebhookId).Distinct().ToListAsync(cancellationToken);
    }

    private static WebhookRecord ToRecord(WebhookEntity e) => new()
    {
        Id = e.Id,
        Name = e.Name,
        Url = e.Url,
        Secret = e.Secret,
        EventKinds = e.EventKinds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        Enabled = e.Enabled,
        CreatedAt = e.CreatedAt,
    };

    private static WebhookDeliveryEntity ToEntity(DeliveryRecord d) => new()
    {
        WebhookId = d.WebhookId,
        EventId = d.EventId,
        ClusterEventId = d.ClusterEventId,
        Kind = d.Kind,
        Payload = d.Payload,
        Status = d.Status,
        Attempt = 0,
        At = d.At,
        CreatedAt = d.CreatedAt,
        NextAttemptAt = d.NextAttemptAt,
    };

    private static DeliveryRecord ToRecord(WebhookDeliveryEntity e) => new()
    {
        Id = e.Id,
        WebhookId = e.WebhookId,
        EventId = e.EventId,
        ClusterEventId = e.ClusterEventId,
        CreatedAt = e.CreatedAt,
        Kind = e.Kind ?? "",
        Payload = e.Payload ?? "",
        Status = string.IsNullOrEmpty(e.Status) ? (e.Succeeded ? DeliveryStatus.Delivered : DeliveryStatus.Pending) : e.Status,
        Attempt = e.Attempt,
        StatusCode = e.StatusCode,
        Error = e.Error,
        At = e.At,
        NextAttemptAt = e.NextAttemptAt,
    };
}
