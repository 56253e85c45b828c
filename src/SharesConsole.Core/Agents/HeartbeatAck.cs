namespace SharesConsole.Core.Agents;

/// <summary>The control plane's answer to a heartbeat; renews the active lease when <see cref="IsActive"/>.</summary>
public sealed record HeartbeatAck
{
    public long Epoch { get; init; }

    /// <summary>The acknowledging control plane's leader term (0 with a single control plane); an ack of an older term grants nothing.</summary>
    public long Term { get; init; }

    /// <summary>
    /// This node is the active node and holds the lease for <see cref="LeaseDuration"/> from the send of the heartbeat
    /// this ack answers. False grants nothing: a lease already held is not renewed and runs out at its time.
    /// </summary>
    public bool IsActive { get; init; }

    /// <summary>Measured by the agent on its monotonic clock from the moment it sent the heartbeat, so clocks need not agree.</summary>
    public TimeSpan LeaseDuration { get; init; }

    /// <summary>Control plane clock; informational.</summary>
    public DateTimeOffset LeaseValidUntil { get; init; }
}
