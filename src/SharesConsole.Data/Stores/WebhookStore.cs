using Microsoft.EntityFrameworkCore;
using SharesConsole.Data.Conversions;

namespace SharesConsole.Data.Stores;

/// <summary>
/// Webhooks and their deliveries (one delivery row per event and webhook); the event cursor is the outbox's. Secrets
/// are encrypted in the database (<see cref="WebhookSecretProtector"/>) and plaintext in records; a secret that cannot
/// be decrypted reads as empty.
/// </summary>
public sealed partial class WebhookStore(IDbContextFactory<SharesDbContext> factory, WebhookOutboxStore outbox, WebhookSecretProtector secrets) : IWebhookStore
{
    public Task<IReadOnlyList<WebhookRecord>> ListAsync(CancellationToken cancellationToken) =>
        factory.ListAsync(db => db.Webhooks.OrderBy(w => w.Id), Read, cancellationToken);

    public Task<WebhookRecord?> FindAsync(int id, CancellationToken cancellationToken) =>
        factory.FirstAsync(db => db.Webhooks.Where(w => w.Id == id), Read, cancellationToken);

    public async Task<WebhookRecord> AddAsync(WebhookRecord webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var entity = WebhookMapping.ToEntity(webhook);
        entity.Secret = secrets.Protect(webhook.Secret);
        var row = await factory.InsertAsync(entity, NameTaken(webhook.Name), cancellationToken).ConfigureAwait(false);
        return Read(row);
    }

    /// <summary>
    /// Encrypts the secrets still stored in plaintext (rows from before encryption at rest); run at start-up after the
    /// migrations. Each row is rewritten only if it still holds the plaintext it was read with. Returns how many.
    /// </summary>
    public async Task<int> ProtectPlaintextSecretsAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var plain = await db.Webhooks.AsNoTracking()
            .Where(w => !w.Secret.StartsWith(WebhookSecretProtector.Prefix))
            .Select(w => new { w.Id, w.Secret })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var rewritten = 0;
        foreach (var row in plain)
        {
            var protectedSecret = secrets.Protect(row.Secret);
            rewritten += await db.Webhooks.Where(w => w.Id == row.Id && w.Secret == row.Secret)
                .ExecuteUpdateAsync(set => set.SetProperty(w => w.Secret, protectedSecret), cancellationToken).ConfigureAwait(false);
        }

        return rewritten;
    }

    public async Task<WebhookRecord?> UpdateAsync(WebhookRecord webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var row = await factory.UpdateAsync(
            db => db.Webhooks.Where(w => w.Id == webhook.Id),
            w => WebhookMapping.Apply(webhook, w),
            NameTaken(webhook.Name),
            cancellationToken).ConfigureAwait(false);
        return row is null ? null : Read(row);
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

    private WebhookRecord Read(Entities.WebhookEntity row) => WebhookMapping.ToRecord(row) with { Secret = secrets.Unprotect(row.Secret) ?? "" };

    private static string NameTaken(string name) => $"A webhook named '{name}' already exists; webhook names must be unique.";
}
