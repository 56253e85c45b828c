using SharesConsole.ControlPlane.Leadership;
using SharesConsole.Core.Agents;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane.Agents;

/// <summary>
/// Acks a heartbeat with the cluster's epoch and, for the active node, the lease: recorded in <see cref="LeaseGrants"/>
/// before it leaves. A node that an operation is moving the group away from gets no grant, so its lease runs out
/// while it is being fenced and the fence deadline stops moving.
/// With several control planes only the leader grants, and every ack carries its term: an agent that has seen a newer
/// leader's term takes nothing from an old one.
/// </summary>
public sealed class HeartbeatAcknowledger(
    IClusterTopologySource topology, IClusterStateSource state, LeaseGrants grants, TimeProvider timeProvider, ILeadership? leadership = null) : IHeartbeatAcknowledger
{
    public HeartbeatAck Acknowledge(string node, Heartbeat heartbeat)
    {
        var current = topology.Current;
        var lease = current.Settings.Lease;
        var leader = leadership is not { IsLeader: false };
        var active = leader && string.Equals(current.ActiveNode, node, StringComparison.OrdinalIgnoreCase)
            && grants.TryGrant(node, lease, () => !IsBeingMovedFrom(node) && string.Equals(topology.Current.ActiveNode, node, StringComparison.OrdinalIgnoreCase));
        return new HeartbeatAck
        {
            Epoch = current.Epoch,
            Term = leadership?.Term ?? 0,
            IsActive = active,
            LeaseDuration = lease,
            LeaseValidUntil = timeProvider.GetUtcNow() + lease,
        };
    }

    /// <summary>A live operation (failover, switchover, drill) takes the group from this node.</summary>
    private bool IsBeingMovedFrom(string node) =>
        state.Current.RunningOperation is { Status: OperationStatus.Pending or OperationStatus.Running } op
        && string.Equals(op.SourceNode, node, StringComparison.OrdinalIgnoreCase)
        && !string.Equals(op.TargetNode, node, StringComparison.OrdinalIgnoreCase);
}
