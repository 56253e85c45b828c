using System.Collections.Concurrent;
using SharesConsole.Core.Cluster;

namespace SharesConsole.Edge.Tests.Dns.Support;

/// <summary>Hand-written health source: every node is up until marked down. Counts reads so tests can prove no caching.</summary>
public sealed class FakeNodeHealth : INodeHealthSource
{
    private readonly ConcurrentDictionary<string, bool> _down = new(StringComparer.OrdinalIgnoreCase);
    private int _reads;

    public event EventHandler? Changed;

    public int Reads => Volatile.Read(ref _reads);

    public bool IsUp(string node, PoolKind pool)
    {
        Interlocked.Increment(ref _reads);
        return pool == PoolKind.Transfer && !_down.ContainsKey(node);
    }

    public void SetUp(string node, bool up)
    {
        if (up)
        {
            _down.TryRemove(node, out _);
        }
        else
        {
            _down[node] = true;
        }

        Changed?.Invoke(this, EventArgs.Empty);
    }
}
