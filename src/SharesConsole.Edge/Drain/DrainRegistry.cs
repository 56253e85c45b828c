using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SharesConsole.Edge.Configuration;
using SharesConsole.Edge.Diagnostics;
using SharesConsole.Edge.Pools;

namespace SharesConsole.Edge.Drain;

/// <summary>
/// Tracks open sessions per node. When the operator drains a node (or puts it in maintenance or fences it),
/// its sessions may finish until the drain deadline; then the rest are closed.
/// </summary>
public sealed class DrainRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<IDrainable, byte>> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ITimer> _deadlines = new(StringComparer.Ordinal);
    private readonly EdgePools _pools;
    private readonly TimeSpan _deadline;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DrainRegistry> _logger;

    public DrainRegistry(EdgePools pools, IOptions<EdgeOptions> options, TimeProvider timeProvider, ILogger<DrainRegistry> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _pools = pools;
        _deadline = options.Value.DrainDeadline;
        _timeProvider = timeProvider;
        _logger = logger;
        pools.Changed += OnPoolsChanged;
        OnPoolsChanged(this, pools.Current);
    }

    public void Track(string node, IDrainable session) =>
        _sessions.GetOrAdd(node, static _ => new()).TryAdd(session, 0);

    public void Untrack(string node, IDrainable session)
    {
        if (_sessions.TryGetValue(node, out var set))
        {
            set.TryRemove(session, out _);
        }
    }

    public int OpenSessions(string node) => _sessions.TryGetValue(node, out var set) ? set.Count : 0;

    private void OnPoolsChanged(object? sender, PoolSnapshot snapshot)
    {
        foreach (var node in snapshot.Topology.Nodes)
        {
            var leaving = node.IsDrained || node.IsExcluded;
            if (leaving && !_deadlines.ContainsKey(node.Name))
            {
                var name = node.Name;
                EdgeLog.DrainStarted(_logger, name, OpenSessions(name), _deadline);
                var timer = _timeProvider.CreateTimer(_ => Expire(name), null, _deadline, Timeout.InfiniteTimeSpan);
                if (!_deadlines.TryAdd(name, timer))
                {
                    timer.Dispose();
                }
            }
            else if (!leaving && _deadlines.TryRemove(node.Name, out var timer))
            {
                timer.Dispose();
            }
        }
    }

    private void Expire(string node)
    {
        var current = _pools.Current.Topology.Find(node);
        if (current is null || !(current.IsDrained || current.IsExcluded) || !_sessions.TryGetValue(node, out var set))
        {
            return;
        }

        EdgeLog.DrainDeadline(_logger, node, set.Count);
        foreach (var session in set.Keys)
        {
            set.TryRemove(session, out _);
            session.Close();
        }
    }

    public void Dispose()
    {
        _pools.Changed -= OnPoolsChanged;
        foreach (var timer in _deadlines.Values)
        {
            timer.Dispose();
        }
    }
}
