using SharesConsole.Edge.Counters;

namespace SharesConsole.Edge.Pools;

/// <summary>A node's web endpoint; the same instance survives pool rebuilds so its in-flight count stays right.</summary>
public sealed class WebDestination(string node, string prefix, NodeCounters counters)
{
    private int _inFlight;

    public string Node { get; } = node;

    /// <summary>Scheme, host and port, e.g. <c>http://10.0.0.5:443/</c>.</summary>
    public string Prefix { get; } = prefix;

    public NodeCounters Counters { get; } = counters;

    public int InFlight => Volatile.Read(ref _inFlight);

    public void Enter() => Interlocked.Increment(ref _inFlight);

    public void Leave() => Interlocked.Decrement(ref _inFlight);
}
