namespace SharesConsole.Core.Drift;

/// <summary>A drift that was just confirmed or just cleared, with the time it was first seen.</summary>
public sealed record DriftChange(DriftFinding Finding, DateTimeOffset FirstSeen, DateTimeOffset At)
{
    public TimeSpan Duration => At - FirstSeen;
}

/// <summary>What one deep health check changed: drifts to report as detected and as resolved.</summary>
public sealed record DriftChanges(IReadOnlyList<DriftChange> Detected, IReadOnlyList<DriftChange> Resolved)
{
    public static DriftChanges None { get; } = new([], []);
}
