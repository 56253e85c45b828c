using SharesConsole.Core.Catalog;
using SharesConsole.Core.Placement;
using SharesConsole.Core.State;

namespace SharesConsole.Core.Drift;

/// <summary>
/// The deep health check's judgement of one <see cref="ClusterState"/>: every service's reported state on
/// every node against the desired placement, heartbeat and lease ages, and epoch agreement between the
/// agents and the control plane. Nodes the operator took out (maintenance, fenced, disabled) are not judged
/// on heartbeats, and a node that does not report is judged on its heartbeat only.
/// </summary>
public static class DriftInspector
{
    public static IReadOnlyList<DriftFinding> Inspect(ClusterState state, TimeSpan heartbeatTimeout)
    {
        ArgumentNullException.ThrowIfNull(state);
        var findings = new List<DriftFinding>();
        if (state.Active is null)
        {
            findings.Add(new DriftFinding
            {
                Key = "topology:active",
                Kind = DriftKind.Topology,
                Severity = EventSeverity.Error,
                Message = state.Topology.ActiveNode is null
                    ? "No node is active: the active/passive group has no home."
                    : $"The recorded active node '{state.Topology.ActiveNode}' is not in the topology.",
            });
        }

        foreach (var node in state.Nodes)
        {
            var fresh = node.AgentConnected && node.HeartbeatAge is { } age && age <= heartbeatTimeout;
            if (!fresh)
            {
                if (!node.Node.IsExcluded)
                {
                    findings.AddRange(Silent(state, node, heartbeatTimeout));
                }

                continue;
            }

            if (node.AgentEpoch != state.Topology.Epoch)
            {
                findings.Add(EpochDrift(node, state.Topology.Epoch));
            }

            findings.AddRange(ServiceDrift(state, node));
        }

        return findings;
    }

    private static IEnumerable<DriftFinding> Silent(ClusterState state, NodeSnapshot node, TimeSpan heartbeatTimeout)
    {
        var severity = node.IsActive ? EventSeverity.Error : EventSeverity.Warning;
        yield return new DriftFinding
        {
            Key = $"heartbeat:{node.Name}",
            Kind = DriftKind.Heartbeat,
            Severity = severity,
            Node = node.Name,
            Message = node.HeartbeatAge is { } age
                ? $"No heartbeat from {node.Name} for {age.TotalSeconds:0.0} s (limit {heartbeatTimeout.TotalSeconds:0.#} s{(node.AgentConnected ? "" : ", agent disconnected")})."
                : $"{node.Name}'s agent has never reported.",
        };

        var lease = state.Topology.Settings.Lease;
        if (node.IsActive && state.RunningOperation is null && node.HeartbeatAge is { } silent && silent > lease)
        {
            yield return new DriftFinding
            {
                Key = $"lease:{node.Name}",
                Kind = DriftKind.Lease,
                Severity = EventSeverity.Error,
                Node = node.Name,
                Message = $"{node.Name} is still the active node but its lease ({lease.TotalSeconds:0.#} s) expired {(silent - lease).TotalSeconds:0.0} s ago and no failover runs.",
            };
        }
    }

    private static DriftFinding EpochDrift(NodeSnapshot node, long clusterEpoch) => new()
    {
        Key = $"epoch:{node.Name}",
        Kind = DriftKind.Epoch,
        Severity = node.AgentEpoch > clusterEpoch ? EventSeverity.Error : EventSeverity.Warning,
        Node = node.Name,
        Message = node.AgentEpoch > clusterEpoch
            ? $"{node.Name}'s agent has seen epoch {node.AgentEpoch}, newer than the control plane's {clusterEpoch}: someone else changed the active node."
            : $"{node.Name}'s agent is at epoch {node.AgentEpoch}, behind the control plane's {clusterEpoch}.",
    };

    private static IEnumerable<DriftFinding> ServiceDrift(ClusterState state, NodeSnapshot node)
    {
        foreach (var service in state.Catalog.Services)
        {
            var desired = state.Placement[service.Name, node.Name];
            var observation = node.Services.GetValueOrDefault(service.Name);
            var observed = observation?.State ?? ObservedState.Unknown;
            var activePassive = service.Kind == ServiceKind.ActivePassive;
            if (desired == DesiredState.Running && observed != ObservedState.Running)
            {
                yield return Placement(node, service.Name, activePassive ? EventSeverity.Error : EventSeverity.Warning,
                    $"{service.Name} should run on {node.Name} but is {observed.ToString().ToLowerInvariant()}.");
            }
            else if (desired == DesiredState.Stopped && observed is ObservedState.Running or ObservedState.Starting)
            {
                yield return Placement(node, service.Name, activePassive ? EventSeverity.Error : EventSeverity.Warning,
                    activePassive
                        ? $"{service.Name} runs on {node.Name}, which is not the active node ({state.Topology.ActiveNode ?? "none"})."
                        : $"{service.Name} runs on {node.Name}, where it should be stopped ({node.Verdict}).");
            }
            else if (desired == DesiredState.Running && observation?.ProbeOk == false)
            {
                yield return new DriftFinding
                {
                    Key = $"probe:{service.Name}@{node.Name}",
                    Kind = DriftKind.Probe,
                    Node = node.Name,
                    Service = service.Name,
                    Message = $"{service.Name} runs on {node.Name} but its probe fails{(observation.Error is { } error ? $": {error}" : ".")}",
                };
            }
        }
    }

    private static DriftFinding Placement(NodeSnapshot node, string service, EventSeverity severity, string message) => new()
    {
        Key = $"placement:{service}@{node.Name}",
        Kind = DriftKind.Placement,
        Severity = severity,
        Node = node.Name,
        Service = service,
        Message = message,
    };
}
