namespace SharesConsole.Core.Cluster;

/// <summary>A topology holder that swaps immutable snapshots atomically; used by lab mode and tests.</summary>
public sealed class InMemoryTopologySource(ClusterTopology initial) : IClusterTopologySource
{
    private ClusterTopology _current = initial;

    public ClusterTopology Current => Volatile.Read(ref _current);

    public event EventHandler<ClusterTopology>? Changed;

    public void Set(ClusterTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        Interlocked.Exchange(ref _current, topology);
        Changed?.Invoke(this, topology);
    }

    /// <summary>Applies <paramref name="change"/> to the current snapshot atomically and publishes the result.</summary>
    public ClusterTopology Update(Func<ClusterTopology, ClusterTopology> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        ClusterTopology before, after;
        do
        {
            before = Current;
            after = change(before);
        }
        while (!ReferenceEquals(Interlocked.CompareExchange(ref _current, after, before), before));

        Changed?.Invoke(this, after);
        return after;
    }
}
