using SharesConsole.ControlPlane.State;
using SharesConsole.ControlPlane.Events;
using SharesConsole.ControlPlane.Placement;
using SharesConsole.Core.Failover;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.ControlPlane.Configuration;

namespace SharesConsole.ControlPlane.Failover;

/// <summary>When the old active node is known to have stopped its active/passive services.</summary>
public static class FencingRules
{
    /// <summary>Extra wait after the lease, covering the agent's own stop sequence and clock drift.</summary>
    public static readonly TimeSpan DefaultMargin = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The instant after which the old active's agent has certainly fenced itself: it stops its
    /// group once it has gone a full lease without an acknowledged heartbeat, and the last ack it
    /// can have received was for the last heartbeat the control plane saw.
    /// </summary>
    public static DateTimeOffset LeaseExpiry(DateTimeOffset? lastHeartbeat, DateTimeOffset operationStart, TimeSpan lease, TimeSpan margin) =>
        (lastHeartbeat ?? operationStart) + lease + margin;

    public static bool IsKnownStopped(bool stopConfirmed, DateTimeOffset now, DateTimeOffset leaseExpiry) =>
        stopConfirmed || now >= leaseExpiry;
}
