namespace SharesConsole.Core.Drift;

/// <summary>What part of the picture disagrees with what the control plane expects.</summary>
public enum DriftKind
{
    /// <summary>No active node, or the recorded active node is not in the topology.</summary>
    Topology,

    /// <summary>A service runs where it should not, or does not run where it should.</summary>
    Placement,

    /// <summary>A service runs where it should but its probe fails.</summary>
    Probe,

    /// <summary>A node's agent has not reported within the heartbeat timeout.</summary>
    Heartbeat,

    /// <summary>The active node's lease has expired and no failover runs.</summary>
    Lease,

    /// <summary>An agent's epoch differs from the control plane's.</summary>
    Epoch,
}
