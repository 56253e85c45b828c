using System.Collections.Concurrent;

namespace SharesConsole.Edge.Counters;

/// <summary>Holds one <see cref="NodeCounters"/> per node and protocol; looked up once per connection, flow or destination.</summary>
public sealed class EdgeCounters : IEdgeCounters
{
    private readonly ConcurrentDictionary<(string Node, EdgeProtocol Protocol), NodeCounters> _counters = new();

    /// <summary>Counters for traffic that never reached a node (no node available, bad input).</summary>
    public const string NoNode = "(none)";

    public NodeCounters For(string node, EdgeProtocol protocol) =>
        _counters.GetOrAdd((node, protocol), static key => new NodeCounters(key.Node, key.Protocol));

    public IReadOnlyList<EdgeCounterSnapshot> Snapshot() =>
        [.. _counters.Values
            .Select(c => c.Snapshot())
            .OrderBy(s => s.Node, StringComparer.Ordinal)
            .ThenBy(s => s.Protocol)];
}
