using System.Collections.Concurrent;
using System.Collections.Immutable;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Counters;
using SharesConsole.Edge.Health;

namespace SharesConsole.Edge.Pools;

/// <summary>
/// Rebuilds the pools whenever topology or health changes and swaps the snapshot atomically,
/// so forwarders read one consistent view without locks.
/// </summary>
public sealed class EdgePools : IDisposable
{
    private readonly IClusterTopologySource _topology;
    private readonly INodeHealthSource _health;
    private readonly EdgeCounters _counters;
    private readonly ConcurrentDictionary<(string Node, string Prefix), WebDestination> _web = new();
    private readonly ConcurrentDictionary<NodeDefinition, TransferDestination> _transfer = new();
    private readonly Lock _rebuild = new();
    private PoolSnapshot _current;

    public EdgePools(IClusterTopologySource topology, INodeHealthSource health, EdgeCounters counters)
    {
        _topology = topology;
        _health = health;
        _counters = counters;
        _current = Build(topology.Current);
        topology.Changed += OnTopologyChanged;
        health.Changed += OnHealthChanged;
    }

    public PoolSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Raised after <see cref="Current"/> was replaced.</summary>
    public event EventHandler<PoolSnapshot>? Changed;

    public void Rebuild()
    {
        PoolSnapshot next;
        lock (_rebuild)
        {
            next = Build(_topology.Current);
            Volatile.Write(ref _current, next);
        }

        Changed?.Invoke(this, next);
    }

    private PoolSnapshot Build(ClusterTopology topology)
    {
        var web = PoolMembership.Members(topology, PoolKind.Web, _health)
            .Select(n => WebFor(n.Node))
            .ToImmutableArray();
        var transfer = PoolMembership.Members(topology, PoolKind.Transfer, _health)
            .Select(n => _transfer.GetOrAdd(n.Node, d => new TransferDestination(d, _counters)))
            .ToImmutableArray();
        return new PoolSnapshot(topology, web, new TransferPool(transfer));
    }

    private WebDestination WebFor(NodeDefinition node)
    {
        var prefix = $"{(node.Ports.WebTls ? "https" : "http")}://{EndpointText.Format(node.PrivateAddress, node.Ports.Web)}/";
        return _web.GetOrAdd((node.Name, prefix), key => new WebDestination(key.Node, key.Prefix, _counters.For(key.Node, EdgeProtocol.Web)));
    }

    private void OnTopologyChanged(object? sender, ClusterTopology topology) => Rebuild();

    private void OnHealthChanged(object? sender, EventArgs e) => Rebuild();

    public void Dispose()
    {
        _topology.Changed -= OnTopologyChanged;
        _health.Changed -= OnHealthChanged;
    }
}
