using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane.State;

/// <summary>Holds the newest <see cref="ClusterState"/> and streams every replacement to subscribers.</summary>
public sealed class ClusterStatePublisher(ClusterState initial) : IClusterStateSource
{
    private readonly Broadcast<ClusterState> _broadcast = new(capacity: 1);
    private ClusterState _current = initial;

    public ClusterState Current => Volatile.Read(ref _current);

    public int Subscribers => _broadcast.ReaderCount;

    public event EventHandler<ClusterState>? Changed;

    public void Publish(ClusterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Interlocked.Exchange(ref _current, state);
        _broadcast.Publish(state);
        Changed?.Invoke(this, state);
    }

    public IAsyncEnumerable<ClusterState> WatchAsync(CancellationToken cancellationToken) =>
        _broadcast.ReadAllAsync(() => Current, cancellationToken);
}
