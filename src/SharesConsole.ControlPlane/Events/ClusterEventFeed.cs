using SharesConsole.ControlPlane.State;
using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane.Events;

/// <summary>Live audit-log events for in-process subscribers (console circuits, hubs, webhooks).</summary>
public sealed class ClusterEventFeed : IClusterEventFeed
{
    private readonly Broadcast<ClusterEvent> _broadcast = new(capacity: 256);

    public void Publish(ClusterEvent clusterEvent) => _broadcast.Publish(clusterEvent);

    public IAsyncEnumerable<ClusterEvent> WatchAsync(CancellationToken cancellationToken) =>
        _broadcast.ReadAllAsync(null, cancellationToken);
}
