using SharesConsole.Data.Stores;

namespace SharesConsole.Web.Leadership;

/// <summary>
/// What the console shows about the control plane at <see cref="At"/>: the last database reading with its ages and the
/// lease's remaining time moved on by the time since that reading, so they keep moving between readings.
/// </summary>
public sealed record ControlPlaneStatus
{
    /// <summary>An instance announces itself every second; one silent for longer than this is likely gone.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(5);

    public required DateTimeOffset At { get; init; }

    public required bool SingleInstance { get; init; }

    /// <summary>The instance that renders the console (the leader whenever one is known: followers forward).</summary>
    public required string InstanceName { get; init; }

    public string? LeaderName { get; init; }

    public long Term { get; init; }

    /// <summary>When the leader took the lease; known only when this instance is the leader.</summary>
    public DateTimeOffset? LeaderSince { get; init; }

    /// <summary>How long the lease still runs on the database's clock; negative once expired, null when never taken.</summary>
    public TimeSpan? LeaseRemaining { get; init; }

    public IReadOnlyList<ControlPlaneInstanceView> Instances { get; init; } = [];

    /// <summary>When the database was last read successfully; null before the first reading.</summary>
    public DateTimeOffset? ReadAt { get; init; }

    /// <summary>Why the last reading failed (the values shown are from the reading before).</summary>
    public string? Error { get; init; }

    public bool LeaderKnown => SingleInstance || (LeaderName is { Length: > 0 } && LeaseRemaining > TimeSpan.Zero);

    public IEnumerable<ControlPlaneInstanceView> Silent => Instances.Where(i => i.Age > StaleAfter);
}
