using Microsoft.Extensions.Time.Testing;
using SharesConsole.Edge.Diagnostics;

namespace SharesConsole.Edge.Tests.Diagnostics;

public sealed class LogThrottleTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void ShouldLog_FloodOfOneKind_OneLinePerWindowCountingTheRest()
    {
        var throttle = new LogThrottle(_time, TimeSpan.FromMinutes(1));

        var logged = Enumerable.Range(0, 1000).Count(_ => throttle.ShouldLog("tcp refused", out _));
        _time.Advance(TimeSpan.FromMinutes(1));
        var next = throttle.ShouldLog("tcp refused", out var suppressed);

        Assert.Equal(1, logged);
        Assert.True(next);
        Assert.Equal(999, suppressed);
    }

    [Fact]
    public void ShouldLog_TwoKinds_EachHasItsOwnWindow()
    {
        var throttle = new LogThrottle(_time, TimeSpan.FromMinutes(1));

        Assert.True(throttle.ShouldLog("connect node-a ssh", out _));
        Assert.True(throttle.ShouldLog("connect node-b ssh", out _));
        Assert.False(throttle.ShouldLog("connect node-a ssh", out _));
    }
}
