namespace SharesConsole.Core.Cluster;

/// <summary>Active probe cadence: a node is down after <see cref="Fall"/> failures, up after <see cref="Rise"/> successes.</summary>
public sealed record HealthCheckSettings
{
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    public int Fall { get; init; } = 3;

    public int Rise { get; init; } = 2;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMilliseconds(800);

    /// <summary>Worst case from a failure to the verdict "down".</summary>
    public TimeSpan DetectionTime => Interval * Fall;
}
