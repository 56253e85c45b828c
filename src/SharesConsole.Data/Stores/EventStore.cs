using Microsoft.EntityFrameworkCore;
using SharesConsole.Core.State;
using SharesConsole.Data.Conversions;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data.Stores;

/// <summary>The append-only audit log.</summary>
public sealed class EventStore(IDbContextFactory<SharesDbContext> factory)
{
    /// <summary>Appends the event and returns it with its database id.</summary>
    public async Task<ClusterEvent> AppendAsync(ClusterEvent value, string? dataJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentException.ThrowIfNullOrWhiteSpace(value.Kind);
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var entity = EventMapping.ToEntity(value, dataJson);
        db.Events.Add(entity);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return value with { Id = entity.Id };
    }

    public async Task<EventPage> QueryAsync(EventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > EventQuery.MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, $"Limit must be between 1 and {EventQuery.MaxLimit}.");
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var events = Filter(db.Events.AsNoTracking(), query);
        events = query.AfterId is { } after
            ? events.Where(e => e.Id > after).OrderBy(e => e.Id)
            : events.Where(e => query.BeforeId == null || e.Id < query.BeforeId).OrderByDescending(e => e.Id);

        // One extra row tells whether another page follows.
        var rows = await events.Take(query.Limit + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        var items = rows.Take(query.Limit).Select(EventMapping.ToEvent).ToList();
        long? next = query.AfterId is not null
            ? items.Count > 0 ? items[^1].Id : query.AfterId
            : rows.Count > query.Limit ? items[^1].Id : null;
        return new EventPage(items, next);
    }

    /// <summary>The stored extra data of an event, or null.</summary>
    public async Task<string?> GetDataJsonAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Events.Where(e => e.Id == id).Select(e => e.DataJson).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    private static IQueryable<EventEntity> Filter(IQueryable<EventEntity> events, EventQuery query)
    {
        if (query.Node is { } node)
        {
            events = events.Where(e => e.Node == node);
        }

        if (query.Service is { } service)
        {
            events = events.Where(e => e.Service == service);
        }

        if (query.Kind is { } kind)
        {
            events = events.Where(e => e.Kind == kind);
        }

        if (query.From is { } from)
        {
            events = events.Where(e => e.Time >= from);
        }

        if (query.To is { } to)
        {
            events = events.Where(e => e.Time < to);
        }

        return events;
    }
}
