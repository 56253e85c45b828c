using SharesConsole.ControlPlane.Failover;
using SharesConsole.Core.Agents;
using SharesConsole.Core.Catalog;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Placement;
using SharesConsole.Core.State;
using SharesConsole.Simulation.Tests.Runs;

namespace SharesConsole.Simulation.Tests.ControlPlane;

/// <summary>
/// PlacementReconciler.ReconcileAsync, line for line minus events and logs. It stands in for the real one because that
/// sends each command from <c>Task.Run</c>, which would leave the loop thread; the rules (start the group on the
/// active node in order, stop it elsewhere, restart in place within the real <see cref="RestartBudget"/>, then ask
/// for a failover) are the same, over the real <see cref="PlacementPlan"/>.
/// </summary>
internal sealed class PlacementStandIn(SimWorld world, SimControlPlane cp)
{
    private readonly Dictionary<(string Node, string Service), DateTimeOffset> _pending = [];
    private readonly Dictionary<(string Node, string Service), RestartBudget> _budgets = [];
    private readonly HashSet<(string Node, string Service)> _seenRunning = [];

    public void Reconcile(ClusterState current)
    {
        if (current.RunningOperation is not null)
        {
            return;
        }

        foreach (var node in current.Nodes.Where(n => n.AgentConnected && n.Verdict is not (NodeVerdict.Maintenance or NodeVerdict.Down)))
        {
            ReconcileNode(current, node);
        }
    }

    private void ReconcileNode(ClusterState current, NodeSnapshot node)
    {
        var now = cp.Clock.GetUtcNow();
        var startBlocked = false;
        foreach (var service in current.Catalog.Services)
        {
            var observed = node.StateOf(service.Name);
            var key = (node.Name, service.Name);
            if (observed == ObservedState.Running)
            {
                _seenRunning.Add(key);
            }

            var desired = current.Placement[service.Name, node.Name];
            var activePassive = service.Kind == ServiceKind.ActivePassive;
            if (desired != DesiredState.Running || observed is ObservedState.Running or ObservedState.Starting)
            {
                startBlocked |= activePassive && observed != ObservedState.Running && desired == DesiredState.Running;
                continue;
            }

            if (activePassive && startBlocked)
            {
                continue;
            }

            startBlocked |= activePassive;
            if (_pending.TryGetValue(key, out var until) && until > now)
            {
                continue;
            }

            var wasRunning = _seenRunning.Remove(key);
            if (activePassive && node.IsActive && (observed == ObservedState.Failed || wasRunning))
            {
                if (!_budgets.TryGetValue(key, out var budget))
                {
                    _budgets[key] = budget = new RestartBudget(world.Parameters.MaxRestarts, world.Parameters.RestartWindow);
                }

                if (!budget.TryConsume(now))
                {
                    world.Trace.Add($"{cp.Process}: {service.Name} on {node.Name} used up its restarts");
                    cp.ReportGaveUp(service.Name);
                    _pending[key] = now + world.Parameters.CommandBackoff;
                    continue;
                }
            }

            Send(node.Name, AgentCommandKind.Start, current.Topology.Epoch, service.Name, key, now);
        }

        foreach (var service in current.Catalog.Services.Reverse())
        {
            var observed = node.StateOf(service.Name);
            if (current.Placement[service.Name, node.Name] == DesiredState.Stopped && observed is ObservedState.Running or ObservedState.Starting)
            {
                var key = (node.Name, service.Name);
                if (!_pending.TryGetValue(key, out var until) || until <= now)
                {
                    Send(node.Name, AgentCommandKind.Stop, current.Topology.Epoch, service.Name, key, now);
                }

                if (service.Kind == ServiceKind.ActivePassive)
                {
                    break;
                }
            }
        }
    }

    private void Send(string node, AgentCommandKind kind, long epoch, string service, (string, string) key, DateTimeOffset now)
    {
        _pending[key] = now + world.Parameters.CommandBackoff;
        var command = new AgentCommand { Id = cp.NextCommandId(), Kind = kind, Epoch = epoch, ServiceName = service, Reason = "placement" };
        _ = cp.SendAsync(world.Node(node), command, CancellationToken.None);
    }
}
