using SharesConsole.Core.State;

namespace SharesConsole.Web.Live;

/// <summary>
/// The last <see cref="Capacity"/> events of the live feed, in memory: the audit log's history while no
/// database-backed <see cref="IEventHistory"/> is registered.
/// </summary>
public sealed class RecentEvents(IClusterEventFeed feed) : BackgroundService, IEventHistory
{
    public const int Capacity = 2000;

    private readonly Lock _gate = new();
    private readonly LinkedList<ClusterEvent> _events = new();

    public void Add(ClusterEvent e)
    {
        lock (_gate)
        {
            _events.AddFirst(e);
            while (_events.Count > Capacity)
            {
                _events.RemoveLast();
            }
        }
    }

    public Task<IReadOnlyList<ClusterEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            IReadOnlyList<ClusterEvent> found = [.. _events.Where(query.Matches).Take(query.Limit)];
            return Task.FromResult(found);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var e in feed.WatchAsync(stoppingToken))
            {
                Add(e);
            }
        }
        catch (OperationCanceledException)
        {
            // Host stopping.
        }
    }
}
