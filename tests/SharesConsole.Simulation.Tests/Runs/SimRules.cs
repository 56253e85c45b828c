using SharesConsole.Agent.Fencing;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.ControlPlane.Failover;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.State;
using SharesConsole.Simulation.Tests.ControlPlane;

namespace SharesConsole.Simulation.Tests.Runs;

/// <summary>
/// The fencing rules a schedule runs under: the product's (<see cref="Current"/>) or older ones kept in OldRules/ to
/// prove the simulation catches what they got wrong.
/// </summary>
internal sealed record SimRules
{
    /// <summary>The rules of this source tree: the real acknowledger, lease from the send, fence from the last grant.</summary>
    public static SimRules Current { get; } = new() { Name = "current", FreshGrantToStart = true };

    public required string Name { get; init; }

    /// <summary>The agent passes the ack's arrival instead of its heartbeat's send to <c>ActiveLease.OnAck</c>.</summary>
    public bool AckAtArrival { get; init; }

    /// <summary>
    /// The agent starts an active/passive service only after the ack of a heartbeat sent for that start grants it the
    /// lease (NodeAgent.RefusedForLackOfLeaseAsync); the old rules lacked it.
    /// </summary>
    public bool FreshGrantToStart { get; init; }

    /// <summary>
    /// How long the agent waits for a heartbeat's ack, from the configured lease and the agent's lease (NodeAgent: the
    /// configured lease, but no longer than a held lease has left, so the lease is checked the moment it runs out).
    /// </summary>
    public Func<TimeSpan, ActiveLease, TimeSpan> HeartbeatTimeout { get; init; } = (configured, lease) =>
        lease.IsHeld && !lease.IsExpired && lease.Remaining is { } left && left < configured ? left : configured;

    public Func<IClusterTopologySource, IClusterStateSource, LeaseGrants, TimeProvider, IHeartbeatAcknowledger> CreateAcknowledger { get; init; } =
        (topology, state, grants, time) => new HeartbeatAcknowledger(topology, state, grants, time);

    /// <summary>Wraps the executor's actions (an old rule replaces how the fence reads the lease).</summary>
    public Func<IFailoverActions, SimControlPlane, IFailoverActions> FenceWith { get; init; } = (actions, _) => actions;

    public override string ToString() => Name;
}
