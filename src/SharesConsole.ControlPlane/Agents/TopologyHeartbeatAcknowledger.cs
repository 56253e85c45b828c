using SharesConsole.Core.Agents;
using SharesConsole.Core.Cluster;

using SharesConsole.ControlPlane.State;
using SharesConsole.ControlPlane.Events;
using SharesConsole.ControlPlane.Failover;
using SharesConsole.ControlPlane.Placement;
using SharesConsole.ControlPlane.Configuration;

namespace SharesConsole.ControlPlane.Agents;

/// <summary>Acks from the current topology: its epoch, its active node and its lease.</summary>
public sealed class TopologyHeartbeatAcknowledger(IClusterTopologySource topology, TimeProvider timeProvider) : IHeartbeatAcknowledger
{
    public HeartbeatAck Acknowledge(string node, Heartbeat heartbeat)
    {
        var current = topology.Current;
        var lease = current.Settings.Lease;
        return new HeartbeatAck
        {
            Epoch = current.Epoch,
            IsActive = string.Equals(current.ActiveNode, node, StringComparison.OrdinalIgnoreCase),
            LeaseDuration = lease,
            LeaseValidUntil = timeProvider.GetUtcNow() + lease,
        };
    }
}
