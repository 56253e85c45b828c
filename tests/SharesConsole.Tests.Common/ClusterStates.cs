using SharesConsole.Core.Catalog;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Lab;
using SharesConsole.Core.State;

namespace SharesConsole.Tests.Common;

/// <summary>Lab cluster states for rule tests (drift, drills): node-a active, both reporting, every probe up unless told otherwise.</summary>
public static class ClusterStates
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromSeconds(3);

    public static AgentReport Report(string node, bool runsGroup, TimeSpan? age = null, long epoch = 1, Func<ServiceObservation, ServiceObservation>? change = null) => new()
    {
        Node = node,
        ReceivedAt = Now - (age ?? TimeSpan.FromMilliseconds(300)),
        Epoch = epoch,
        Services = [.. LabDefaults.Catalog.Services.Select(s => (change ?? (o => o))(new ServiceObservation
        {
            Service = s.Name,
            State = runsGroup || s.Kind == ServiceKind.ActiveActive ? ObservedState.Running : ObservedState.Stopped,
            ProbeOk = runsGroup || s.Kind == ServiceKind.ActiveActive,
        }))],
    };

    public static ClusterState Healthy() => Build(Report("node-a", true), Report("node-b", false));

    public static ClusterState Build(params AgentReport[] reports) => Build(LabDefaults.Topology, reports);

    public static ClusterState Build(ClusterTopology topology, params AgentReport[] reports) =>
        ClusterStateBuilder.Build(1, Now, topology, LabDefaults.Catalog, reports.ToDictionary(r => r.Node, StringComparer.OrdinalIgnoreCase), new AllUp(), HeartbeatTimeout);

    private sealed class AllUp : INodeHealthSource
    {
        public event EventHandler? Changed { add { } remove { } }

        public bool IsUp(string node, PoolKind pool) => true;
    }
}
