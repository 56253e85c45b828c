using Microsoft.EntityFrameworkCore;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data.Stores;

/// <summary>
/// The webhook outbox's cursor over the event log. The deliveries made from a run of events and the cursor past that
/// run are written in one transaction, so a crash can neither lose an event nor turn one into deliveries twice.
/// </summary>
public sealed class WebhookOutboxStore(IDbContextFactory<SharesDbContext> factory)
{
    /// <summary>The id of the last event turned into deliveries.</summary>
    public async Task<long> GetCursorAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await ReadAsync(db, cancellationToken).ConfigureAwait(false) is { } cursor)
        {
            return cursor;
        }

        // The migration seeds the row; a database without it starts at its newest event, like an upgraded one.
        var newest = await db.Events.MaxAsync(e => (long?)e.Id, cancellationToken).ConfigureAwait(false) ?? 0;
        db.EventCursors.Add(new EventCursorEntity { Name = EventCursorEntity.Webhooks, LastEventId = newest });
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return newest;
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            await using var again = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            return await ReadAsync(again, cancellationToken).ConfigureAwait(false) ?? newest;
        }
    }

    /// <summary>
    /// Compare-and-set: moves the cursor from <paramref name="expected"/> to <paramref name="next"/> and adds the
    /// deliveries, skipping any whose webhook already has a delivery of that event, in one transaction. Nothing is
    /// written when the cursor is no longer at <paramref name="expected"/> (another control plane got there first).
    /// </summary>
    public async Task<CursorAdvance> AdvanceAsync(long expected, long next, IReadOnlyList<WebhookDeliveryEntity> deliveries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        ArgumentOutOfRangeException.ThrowIfLessThan(next, expected);
        if (deliveries.Any(d => d.ClusterEventId is not { } id || id <= expected || id > next))
        {
            throw new ArgumentException($"Every delivery must carry an event after {expected} and up to {next}.", nameof(deliveries));
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The cursor first: its row lock orders racing dispatchers before either looks at deliveries.
        var moved = await db.EventCursors
            .Where(c => c.Name == EventCursorEntity.Webhooks && c.LastEventId == expected)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.LastEventId, next), cancellationToken)
            .ConfigureAwait(false);
        if (moved != 1)
        {
            return new CursorAdvance(false, 0);
        }

        var webhooks = deliveries.Select(d => d.WebhookId).Distinct().ToList();
        var existing = await db.WebhookDeliveries
            .Where(d => webhooks.Contains(d.WebhookId) && d.ClusterEventId > expected && d.ClusterEventId <= next)
            .Select(d => new { d.WebhookId, d.ClusterEventId })
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        var taken = existing.Select(d => (d.WebhookId, d.ClusterEventId)).ToHashSet();
        var added = deliveries.Where(d => taken.Add((d.WebhookId, d.ClusterEventId))).ToList();
        db.WebhookDeliveries.AddRange(added);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new CursorAdvance(true, added.Count);
    }

    private static Task<long?> ReadAsync(SharesDbContext db, CancellationToken cancellationToken) =>
        db.EventCursors.AsNoTracking()
            .Where(c => c.Name == EventCursorEntity.Webhooks)
            .Select(c => (long?)c.LastEventId)
            .SingleOrDefaultAsync(cancellationToken);
}

/// <summary>Whether the cursor moved, and how many deliveries were added (those already present are skipped).</summary>
public sealed record CursorAdvance(bool Moved, int Added);
