namespace SharesConsole.Core.Agents;

/// <summary>The agent stopped its active/passive services on its own because its lease ran out.</summary>
public sealed record FencingReport
{
    public DateTimeOffset FencedAt { get; init; }

    /// <summary>When the last lease-renewing ack arrived (agent clock).</summary>
    public DateTimeOffset LastAckAt { get; init; }

    /// <summary>Services stopped, in the order they were stopped.</summary>
    public IReadOnlyList<string> StoppedServices { get; init; } = [];

    /// <summary>Services that failed to stop, with the reason.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];
}
