using SharesConsole.Core.Cluster;
using SharesConsole.Simulation.Tests.Nodes;

namespace SharesConsole.Simulation.Tests.ControlPlane;

/// <summary>
/// The edge's probes of each node's web tier, run next to the control plane (a cut between them fails the probe):
/// down after <see cref="HealthCheckSettings.Fall"/> failures, up after <see cref="HealthCheckSettings.Rise"/> successes,
/// starting down.
/// </summary>
internal sealed class SimEdgeHealth(IReadOnlyList<SimNode> nodes, HealthCheckSettings settings, Random random) : INodeHealthSource
{
    private readonly bool[] _up = new bool[nodes.Count];
    private readonly int[] _streak = new int[nodes.Count];

    public event EventHandler? Changed
    {
        add { }
        remove { }
    }

    public bool IsUp(string node, PoolKind pool)
    {
        for (var i = 0; i < nodes.Count; i++)
        {
            if (string.Equals(nodes[i].Name, node, StringComparison.OrdinalIgnoreCase))
            {
                return _up[i];
            }
        }

        return false;
    }

    /// <summary>One probe of every node; true when a verdict changed.</summary>
    public bool ProbeAll()
    {
        var changed = false;
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            var ok = !node.Up.IsCut && !node.Down.IsCut && random.NextDouble() >= Math.Max(node.Up.DropRate, node.Down.DropRate);
            _streak[i] = ok == _up[i] ? 0 : _streak[i] + 1;
            if (_streak[i] >= (ok ? settings.Rise : settings.Fall))
            {
                _up[i] = ok;
                _streak[i] = 0;
                changed = true;
            }
        }

        return changed;
    }
}
