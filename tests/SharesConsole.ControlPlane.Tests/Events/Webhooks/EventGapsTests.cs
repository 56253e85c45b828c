using Microsoft.Extensions.Time.Testing;
using SharesConsole.ControlPlane.Events.Webhooks;

namespace SharesConsole.ControlPlane.Tests.Events.Webhooks;

public sealed class EventGapsTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Ready_ConsecutiveIds_AllOfThem()
    {
        var gaps = new EventGaps(_time, Grace);

        Assert.Equal(4, gaps.Ready(10, [11, 12, 13, 14]));
        Assert.Equal(0, gaps.Ready(14, []));
    }

    [Fact]
    public void Ready_HoleJustSeen_StopsBeforeItUntilTheGraceHasPassed()
    {
        var gaps = new EventGaps(_time, Grace);

        var first = gaps.Ready(10, [11, 13, 14]);
        _time.Advance(Grace - TimeSpan.FromSeconds(1));
        var during = gaps.Ready(11, [13, 14]);
        _time.Advance(TimeSpan.FromSeconds(1));
        var after = gaps.Ready(11, [13, 14]);

        Assert.Equal((1, 0, 2), (first, during, after));
    }

    [Fact]
    public void Ready_HoleFilledWithinTheGrace_AllOfThemAtOnce()
    {
        var gaps = new EventGaps(_time, Grace);

        var first = gaps.Ready(10, [12, 13]);
        _time.Advance(TimeSpan.FromMilliseconds(200));
        var filled = gaps.Ready(10, [11, 12, 13]);

        Assert.Equal((0, 3), (first, filled));
    }

    [Fact]
    public void Ready_HoleAboveWhatWasSeenBefore_WaitsItsOwnGrace()
    {
        var gaps = new EventGaps(_time, Grace);
        gaps.Ready(10, [11, 12]);
        _time.Advance(Grace);

        // 13 is missing and was never below an id seen a grace period ago: it may still be committing.
        var ready = gaps.Ready(12, [14, 15]);
        _time.Advance(Grace);
        var later = gaps.Ready(12, [14, 15]);

        Assert.Equal((0, 2), (ready, later));
    }

    [Fact]
    public void Ready_SeveralHolesSeenTogether_PassTogether()
    {
        var gaps = new EventGaps(_time, Grace);

        var first = gaps.Ready(0, [2, 4, 6, 8]);
        _time.Advance(Grace);
        var later = gaps.Ready(0, [2, 4, 6, 8]);

        Assert.Equal((0, 4), (first, later));
    }
}
