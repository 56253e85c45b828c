namespace SharesConsole.ControlPlane.Failover;

/// <summary>When the old active node is known to have stopped its active/passive services.</summary>
public static class FencingRules
{
    /// <summary>Extra wait after the lease, covering the agent's own stop sequence and clock drift.</summary>
    public static readonly TimeSpan DefaultMargin = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The old active has certainly stopped its active/passive services when it confirmed the stop, or when no lease
    /// this control plane granted it can still run (<paramref name="leaseRemaining"/>, margin included, is zero):
    /// its agent (or the watchdog) stops the group when its lease, counted from the heartbeat's send, runs out.
    /// </summary>
    public static bool IsKnownStopped(bool stopConfirmed, TimeSpan leaseRemaining) =>
        stopConfirmed || leaseRemaining <= TimeSpan.Zero;
}
