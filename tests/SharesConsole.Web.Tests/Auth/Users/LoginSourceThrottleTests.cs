using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SharesConsole.Web.Auth;
using SharesConsole.Web.Auth.Users;

namespace SharesConsole.Web.Tests.Auth.Users;

public sealed class LoginSourceThrottleTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    private LoginSourceThrottle Throttle(int perSource = 3) =>
        new(Options.Create(new AuthOptions { MaxFailedLoginsPerSource = perSource, LockoutMinutes = 15 }), _time);

    [Fact]
    public void TryBegin_AfterTheLimitOfFailures_RefusesThatSourceOnly()
    {
        var throttle = Throttle();

        for (var i = 0; i < 3; i++)
        {
            Assert.True(throttle.TryBegin("a"));
            throttle.Failed("a");
        }

        Assert.False(throttle.TryBegin("a"));
        Assert.True(throttle.TryBegin("b"));
    }

    [Fact]
    public void TryBegin_ReleasedAttempts_DoNotCount()
    {
        var throttle = Throttle();

        for (var i = 0; i < 10; i++)
        {
            Assert.True(throttle.TryBegin("a"));
            throttle.Release("a");
        }

        Assert.True(throttle.TryBegin("a"));
    }

    [Fact]
    public void TryBegin_ParallelAttemptsFromOneSource_OnlyTheLimitGetThrough()
    {
        var throttle = Throttle();

        var results = Enumerable.Range(0, 50).AsParallel().Select(_ => throttle.TryBegin("a")).ToList();

        Assert.Equal(3, results.Count(r => r));
    }

    [Fact]
    public void TryBegin_QuietForTheLockoutTime_SourceMayTryAgain_ANewFailureRestartsTheQuietTime()
    {
        var throttle = Throttle(perSource: 1);
        throttle.TryBegin("a");
        throttle.Failed("a");

        _time.Advance(TimeSpan.FromMinutes(14));
        var before = throttle.TryBegin("a");
        _time.Advance(TimeSpan.FromMinutes(1));
        var after = throttle.TryBegin("a");
        throttle.Failed("a");
        _time.Advance(TimeSpan.FromMinutes(14));
        var again = throttle.TryBegin("a");

        Assert.False(before);
        Assert.True(after);
        Assert.False(again);
    }

    [Theory]
    [InlineData("2001:db8:1:2:aaaa::1", "2001:db8:1:2:bbbb::2", true)]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1", false)]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7", true)]
    [InlineData("192.0.2.7", "192.0.2.8", false)]
    public void SourceOf_IPv6CountsBySlash64_MappedIPv4AsIPv4(string first, string second, bool same)
    {
        var a = LoginSourceThrottle.SourceOf(IPAddress.Parse(first));
        var b = LoginSourceThrottle.SourceOf(IPAddress.Parse(second));

        Assert.Equal(same, a == b);
    }
}
