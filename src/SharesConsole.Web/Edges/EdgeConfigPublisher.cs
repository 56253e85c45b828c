using Microsoft.AspNetCore.SignalR;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Remote;

namespace SharesConsole.Web.Edges;

/// <summary>Turns every topology change into a new edge configuration and sends it to every connected edge.</summary>
public sealed class EdgeConfigPublisher : IHostedService
{
    private readonly IClusterTopologySource _topology;
    private readonly IHubContext<EdgeHub> _hub;
    private readonly Lock _lock = new();
    private EdgeConfig? _current;

    private readonly ControlPlane.Leadership.ILeadership? _leadership;

    public EdgeConfigPublisher(IClusterTopologySource topology, IHubContext<EdgeHub> hub, ControlPlane.Leadership.ILeadership? leadership = null)
    {
        _topology = topology;
        _hub = hub;
        _leadership = leadership;
    }

    /// <summary>The configuration of the current topology.</summary>
    public EdgeConfig Current
    {
        get
        {
            lock (_lock)
            {
                return (_current ??= TopologyJson.ToConfig(_topology.Current)) with { Term = _leadership?.Term ?? 0 };
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _topology.Changed += OnChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _topology.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    private void OnChanged(object? sender, ClusterTopology topology)
    {
        var config = TopologyJson.ToConfig(topology) with { Term = _leadership?.Term ?? 0 };
        lock (_lock)
        {
            if (_current?.Version == config.Version)
            {
                return;
            }

            _current = config;
            // Sent under the lock so two quick changes reach every edge in order (the send is queued, not awaited).
            _ = _hub.Clients.All.SendAsync(EdgeHubProtocol.ConfigMethod, config);
        }
    }
}
