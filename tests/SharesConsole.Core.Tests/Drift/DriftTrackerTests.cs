using Microsoft.Extensions.Time.Testing;
using SharesConsole.Core.Drift;

using SharesConsole.Tests.Common;

namespace SharesConsole.Core.Tests.Drift;

public sealed class DriftTrackerTests
{
    private static readonly TimeSpan Check = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _clock = new(ClusterStates.Now);

    private static DriftFinding Finding(string key, string message = "m") => new() { Key = key, Kind = DriftKind.Placement, Message = message };

    private DriftChanges Next(DriftTracker tracker, params DriftFinding[] findings)
    {
        _clock.Advance(Check);
        return tracker.Update(findings, _clock.GetUtcNow());
    }

    [Fact]
    public void Update_SeenOnce_NotYetDetected()
    {
        var tracker = new DriftTracker(confirmations: 2);

        Assert.Same(DriftChanges.None, Next(tracker, Finding("a")));
        Assert.Empty(tracker.Open);
    }

    [Fact]
    public void Update_SeenOnConsecutiveChecks_DetectedOnceWithFirstSeen()
    {
        var tracker = new DriftTracker(confirmations: 2);
        Next(tracker, Finding("a"));
        var firstSeen = _clock.GetUtcNow();

        var second = Next(tracker, Finding("a", "newer figures"));
        var third = Next(tracker, Finding("a"));
        var fourth = Next(tracker, Finding("a"));

        var detected = Assert.Single(second.Detected);
        Assert.Equal((firstSeen, "newer figures"), (detected.FirstSeen, detected.Finding.Message));
        Assert.Empty(third.Detected);
        Assert.Empty(fourth.Detected);
        Assert.Equal("a", Assert.Single(tracker.Open).Key);
    }

    [Fact]
    public void Update_DetectedThenGone_ResolvedOnceWithDuration()
    {
        var tracker = new DriftTracker(confirmations: 2);
        Next(tracker, Finding("a"));
        Next(tracker, Finding("a"));

        var cleared = Next(tracker);
        var after = Next(tracker);

        var resolved = Assert.Single(cleared.Resolved);
        Assert.Equal(("a", TimeSpan.FromSeconds(20)), (resolved.Finding.Key, resolved.Duration));
        Assert.Same(DriftChanges.None, after);
        Assert.Empty(tracker.Open);
    }

    [Fact]
    public void Update_BlipShorterThanConfirmation_NeitherDetectedNorResolved()
    {
        var tracker = new DriftTracker(confirmations: 2);

        var changes = new[] { Next(tracker, Finding("a")), Next(tracker), Next(tracker, Finding("a")), Next(tracker) };

        Assert.All(changes, c => Assert.Same(DriftChanges.None, c));
    }

    [Fact]
    public void Update_OneConfirmation_DetectedAtFirstSight()
    {
        var tracker = new DriftTracker(confirmations: 1);

        Assert.Single(Next(tracker, Finding("a"), Finding("a")).Detected);
    }

    [Fact]
    public void Update_IndependentDrifts_TrackedSeparately()
    {
        var tracker = new DriftTracker(confirmations: 1);
        Next(tracker, Finding("a"));

        var changes = Next(tracker, Finding("b"));

        Assert.Equal(("b", "a"), (Assert.Single(changes.Detected).Finding.Key, Assert.Single(changes.Resolved).Finding.Key));
    }

    [Fact]
    public void Update_DriftReturnsAfterResolution_DetectedAgain()
    {
        var tracker = new DriftTracker(confirmations: 1);
        Next(tracker, Finding("a"));
        Next(tracker);

        Assert.Single(Next(tracker, Finding("a")).Detected);
    }
}
