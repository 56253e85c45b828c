using Microsoft.EntityFrameworkCore;
using SharesConsole.Data.Conversions;

namespace SharesConsole.Data.Stores;

/// <summary>Webhooks and their deliveries (one delivery row per event and webhook); the event cursor is the outbox's.</summary>
public sealed partial class WebhookStore(IDbContextFactory<SharesDbContext> factory, WebhookOutboxStore outbox) : IWebhookStore
{
    public Task<IReadOnlyList<WebhookRecord>> ListAsync(CancellationToken cancellationToken) =>
        factory.ListAsync(db => db.Webhooks.OrderBy(w => w.Id), WebhookMapping.ToRecord, cancellationToken);

    public Task<WebhookRecord?> FindAsync(int id, CancellationToken cancellationToken) =>
        factory.FirstAsync(db => db.Webhooks.Where(w => w.Id == id), WebhookMapping.ToRecord, cancellationToken);

    public async Task<WebhookRecord> AddAsync(WebhookRecord webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var row = await factory.InsertAsync(WebhookMapping.ToEntity(webhook), NameTaken(webhook.Name), cancellationToken).ConfigureAwait(false);
        return WebhookMapping.ToRecord(row);
    }

    public async Task<WebhookRecord?> UpdateAsync(WebhookRecord webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var row = await factory.UpdateAsync(
            db => db.Webhooks.Where(w => w.Id == webhook.Id),
            w => WebhookMapping.Apply(webhook, w),
            NameTaken(webhook.Name),
            cancellationToken).ConfigureAwait(false);
        return row is null ? null : WebhookMapping.ToRecord(row);
    }

    public Task<bool> DeleteAsync(int id, CancellationToken cancellationToken) =>
        factory.RunAsync(
            async db =>
            {
                await db.WebhookDeliveries.Where(d => d.WebhookId == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
                return await db.Webhooks.Where(w => w.Id == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
            },
            cancellationToken);

    public Task<long> GetCursorAsync(CancellationToken cancellationToken) => outbox.GetCursorAsync(cancellationToken);

    public async Task<bool> AdvanceAsync(long expected, long next, IReadOnlyList<DeliveryRecord> deliveries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        var result = await outbox.AdvanceAsync(expected, next, [.. deliveries.Select(WebhookMapping.ToEntity)], cancellationToken).ConfigureAwait(false);
        return result.Moved;
    }

    private static string NameTaken(string name) => $"A webhook named '{name}' already exists; webhook names must be unique.";
}
