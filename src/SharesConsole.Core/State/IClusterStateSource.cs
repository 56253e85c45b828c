namespace SharesConsole.Core.State;

/// <summary>The current <see cref="ClusterState"/> and its change stream. Implemented by the control plane.</summary>
public interface IClusterStateSource
{
    ClusterState Current { get; }

    /// <summary>Yields the current state, then every new one. A slow reader skips to the newest state.</summary>
    IAsyncEnumerable<ClusterState> WatchAsync(CancellationToken cancellationToken);
}
