using SharesConsole.ControlPlane.Agents;
using SharesConsole.Core.Agents;
using SharesConsole.Core.Cluster;

namespace SharesConsole.Simulation.Tests.OldRules;

/// <summary>OLD RULE (TopologyHeartbeatAcknowledger before 8fffd4c): the active node is granted the lease on every heartbeat, even while it is being fenced.</summary>
internal sealed class GrantWhileFencingAcknowledger(IClusterTopologySource topology, TimeProvider time) : IHeartbeatAcknowledger
{
    public HeartbeatAck Acknowledge(string node, Heartbeat heartbeat)
    {
        var current = topology.Current;
        return new HeartbeatAck
        {
            Epoch = current.Epoch,
            IsActive = string.Equals(current.ActiveNode, node, StringComparison.OrdinalIgnoreCase),
            LeaseDuration = current.Settings.Lease,
            LeaseValidUntil = time.GetUtcNow() + current.Settings.Lease,
        };
    }
}
