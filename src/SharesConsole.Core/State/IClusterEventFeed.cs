namespace SharesConsole.Core.State;

/// <summary>Live audit-log events as they are recorded. Implemented by the control plane.</summary>
public interface IClusterEventFeed
{
    /// <summary>Yields every event recorded after the call; a reader that falls far behind loses the oldest.</summary>
    IAsyncEnumerable<ClusterEvent> WatchAsync(CancellationToken cancellationToken);
}
