using Microsoft.Extensions.Time.Testing;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.Core.Agents;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Lab;
using SharesConsole.Core.State;
using SharesConsole.Tests.Common;

namespace SharesConsole.ControlPlane.Tests.Agents;

/// <summary>Grants are recorded before the ack leaves, and a node the group is being moved from gets none.</summary>
public sealed class HeartbeatAcknowledgerTests
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(2);
    private readonly FakeTimeProvider _time = new(TestStates.Now);
    private readonly InMemoryTopologySource _topology = new(LabDefaults.Topology);
    private readonly SettableStateSource _state = new(TestStates.Build());
    private readonly LeaseGrants _grants;
    private readonly HeartbeatAcknowledger _acknowledger;

    public HeartbeatAcknowledgerTests()
    {
        _grants = new LeaseGrants(_time);
        _acknowledger = new HeartbeatAcknowledger(_topology, _state, _grants, _time);
    }

    private TimeSpan Lease => LabDefaults.Topology.Settings.Lease;

    [Fact]
    public void Acknowledge_ActiveNode_GrantsAndTheFenceDeadlineRunsFromTheGrant()
    {
        _time.Advance(TimeSpan.FromSeconds(30));

        var ack = _acknowledger.Acknowledge("node-a", new Heartbeat { Node = "node-a" });

        Assert.True(ack.IsActive);
        Assert.Equal(Lease, ack.LeaseDuration);
        Assert.Equal(Lease + Margin, _grants.Remaining("node-a", Lease, Margin));
        _time.Advance(Lease);
        Assert.Equal(Margin, _grants.Remaining("node-a", Lease, Margin));
        _time.Advance(Margin);
        Assert.Equal(TimeSpan.Zero, _grants.Remaining("node-a", Lease, Margin));
    }

    [Fact]
    public void Acknowledge_PassiveNode_NoGrantAndNothingRecorded()
    {
        _time.Advance(Lease + Margin);

        var ack = _acknowledger.Acknowledge("node-b", new Heartbeat { Node = "node-b" });

        Assert.False(ack.IsActive);
        Assert.Equal(TimeSpan.Zero, _grants.Remaining("node-b", Lease, Margin));
    }

    [Theory]
    [InlineData(OperationStatus.Pending)]
    [InlineData(OperationStatus.Running)]
    public void Acknowledge_NodeBeingFailedOverFrom_NoGrantSoItsLeaseRunsOut(OperationStatus status)
    {
        _acknowledger.Acknowledge("node-a", new Heartbeat { Node = "node-a" });
        _state.Current = TestStates.Build(running: TestStates.Failover(status, "fence") with { SourceNode = "node-a", TargetNode = "node-b" });
        _time.Advance(TimeSpan.FromSeconds(3));

        var ack = _acknowledger.Acknowledge("node-a", new Heartbeat { Node = "node-a" });

        Assert.False(ack.IsActive);
        Assert.Equal(Lease + Margin - TimeSpan.FromSeconds(3), _grants.Remaining("node-a", Lease, Margin));
    }

    [Fact]
    public void Acknowledge_OperationEnded_GrantsAgain()
    {
        _state.Current = TestStates.Build(lastFailover: TestStates.Failover(OperationStatus.Failed, null) with { SourceNode = "node-a", TargetNode = "node-b" });

        Assert.True(_acknowledger.Acknowledge("node-a", new Heartbeat { Node = "node-a" }).IsActive);
    }

    [Fact]
    public void Remaining_NoGrantSinceThisProcessStarted_CountsFromTheStart()
    {
        // A grant from a control plane that ran before this one may still run: it was made before this start.
        _time.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal(Lease + Margin - TimeSpan.FromSeconds(4), _grants.Remaining("node-a", Lease, Margin));
    }

    [Fact]
    public void Remaining_GrantedWithALongerLeaseThanNowConfigured_UsesTheGrantedOne()
    {
        _acknowledger.Acknowledge("node-a", new Heartbeat { Node = "node-a" });

        Assert.Equal(Lease + Margin, _grants.Remaining("node-a", TimeSpan.FromSeconds(1), Margin));
    }
}
