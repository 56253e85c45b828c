using SharesConsole.Core.State;
using SharesConsole.Data.Stores;
using StoredEventQuery = SharesConsole.Data.Stores.EventQuery;

namespace SharesConsole.Web.Live;

/// <summary>The audit log's history from the database, so the Events page shows what happened before a restart.</summary>
public sealed class DatabaseEventHistory(EventStore store) : IEventHistory
{
    public async Task<IReadOnlyList<ClusterEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = await store.QueryAsync(new StoredEventQuery
        {
            Node = query.Node,
            Service = query.Service,
            Kind = query.Kind,
            From = query.From,
            Limit = Math.Clamp(query.Limit, 1, StoredEventQuery.MaxLimit),
        }, cancellationToken);
        return page.Items;
    }
}
