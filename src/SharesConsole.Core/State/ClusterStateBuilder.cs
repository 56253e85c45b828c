using System.Collections.Immutable;
using SharesConsole.Core.Catalog;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Placement;

namespace SharesConsole.Core.State;

/// <summary>Merges topology, agent reports and edge probe verdicts into a <see cref="ClusterState"/>.</summary>
public static class ClusterStateBuilder
{
    public static ClusterState Build(
        long version,
        DateTimeOffset now,
        ClusterTopology topology,
        ServiceCatalog catalog,
        IReadOnlyDictionary<string, AgentReport> reports,
        INodeHealthSource health,
        TimeSpan heartbeatTimeout,
        OperationSummary? running = null,
        OperationSummary? lastFailover = null,
        Func<long, TimeSpan>? elapsedSince = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(health);
        var nodes = ImmutableArray.CreateBuilder<NodeSnapshot>(topology.Nodes.Length);
        foreach (var node in topology.Nodes)
        {
            reports.TryGetValue(node.Name, out var report);
            var isActive = string.Equals(node.Name, topology.ActiveNode, StringComparison.OrdinalIgnoreCase);
            var services = report?.Services.ToImmutableDictionary(s => s.Service, StringComparer.OrdinalIgnoreCase)
                ?? ImmutableDictionary.Create<string, ServiceObservation>(StringComparer.OrdinalIgnoreCase);
            var snapshot = new NodeSnapshot
            {
                Node = node,
                IsActive = isActive,
                AgentConnected = report?.Connected == true,
                LastHeartbeat = report?.ReceivedAt,
                HeartbeatAge = HeartbeatAge(report, now, elapsedSince),
                WebUp = health.IsUp(node.Name, PoolKind.Web),
                TransferUp = health.IsUp(node.Name, PoolKind.Transfer),
                AgentEpoch = report?.Epoch ?? 0,
                Metrics = report?.Metrics,
                Storage = report?.Storage,
                Services = services,
                Verdict = NodeVerdict.Healthy,
            };
            nodes.Add(snapshot with { Verdict = VerdictRules.Decide(snapshot, catalog, isActive, heartbeatTimeout) });
        }

        var built = nodes.ToImmutable();
        var placement = PlacementPlanner.Compute(catalog, [.. built.Select(n => new NodeCondition(n.Name, n.Verdict, n.FitForActive))], topology.ActiveNode);
        return new ClusterState
        {
            Version = version,
            At = now,
            Topology = topology,
            Catalog = catalog,
            Nodes = built,
            Placement = placement,
            RunningOperation = running,
            LastFailover = lastFailover,
        };
    }

    /// <summary>
    /// A heartbeat's age on the monotonic clock when the report carries its arrival stamp and the caller can read
    /// that clock (<paramref name="elapsedSince"/>): a wall-clock step must not make every node look silent (a
    /// failover nobody needed) or keep a silent one fresh. The wall clock is the fallback.
    /// </summary>
    public static TimeSpan? HeartbeatAge(AgentReport? report, DateTimeOffset now, Func<long, TimeSpan>? elapsedSince) => report switch
    {
        null => null,
        { ReceivedTimestamp: { } stamp } when elapsedSince is not null => elapsedSince(stamp),
        _ => now - report.ReceivedAt,
    };
}
