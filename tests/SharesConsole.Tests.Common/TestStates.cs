using System.Collections.Immutable;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Lab;
using SharesConsole.Core.State;

namespace SharesConsole.Tests.Common;

/// <summary>Builds cluster states of the lab topology the way the control plane does, with chosen nodes down.</summary>
public static class TestStates
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 6, 0, 0, TimeSpan.Zero);

    /// <summary>Edge health with every node up in every pool.</summary>
    public static INodeHealthSource AllUp { get; } = new Health([]);

    public static ClusterState Build(
        long version = 1,
        ClusterTopology? topology = null,
        IReadOnlyCollection<string>? down = null,
        OperationSummary? running = null,
        OperationSummary? lastFailover = null)
    {
        topology ??= LabDefaults.Topology;
        down ??= [];
        var reports = topology.Nodes
            .Where(n => !down.Contains(n.Name))
            .ToDictionary(n => n.Name, n => Report(n.Name, topology.ActiveNode == n.Name));
        return ClusterStateBuilder.Build(version, Now, topology, LabDefaults.Catalog, reports, new Health(down), TimeSpan.FromSeconds(3), running, lastFailover);
    }

    public static AgentReport Report(string node, bool active) => new()
    {
        Node = node,
        ReceivedAt = Now.AddMilliseconds(-400),
        Epoch = 1,
        Metrics = new NodeMetrics { CpuPercent = 12, MemoryUsedPercent = 40, SharedStorageFreeBytes = 50_000_000_000 },
        Services = [.. LabDefaults.Catalog.Services.Select(s => new ServiceObservation
        {
            Service = s.Name,
            State = active || s.Kind == Core.Catalog.ServiceKind.ActiveActive ? ObservedState.Running : ObservedState.Stopped,
            ProbeOk = true,
            ProbeLatencyMs = 1.5,
        })],
    };

    public static OperationSummary Failover(OperationStatus status, string? step) => new()
    {
        Id = Guid.NewGuid(),
        Kind = OperationKind.Failover,
        Status = status,
        SourceNode = "node-a",
        TargetNode = "node-b",
        CurrentStep = step,
        Reason = "node-a down",
        CreatedAt = Now.AddSeconds(-5),
        EndedAt = status is OperationStatus.Succeeded or OperationStatus.Failed ? Now.AddSeconds(-1) : null,
    };

    private sealed class Health(IReadOnlyCollection<string> down) : INodeHealthSource
    {
        public event EventHandler? Changed { add { } remove { } }

        public bool IsUp(string node, PoolKind pool) => !down.Contains(node);
    }
}
