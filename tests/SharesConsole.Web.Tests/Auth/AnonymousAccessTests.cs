using SharesConsole.Web.Auth;

namespace SharesConsole.Web.Tests.Auth;

public sealed class AnonymousAccessTests
{
    [Theory]
    [InlineData(new[] { "http://localhost:5000" }, true)]
    [InlineData(new[] { "http://127.0.0.1:5000", "http://[::1]:5000" }, true)]
    [InlineData(new[] { "http://127.0.0.1:5000", "http://0.0.0.0:5000" }, false)]
    [InlineData(new[] { "http://*:5000" }, false)]
    [InlineData(new[] { "http://+:80" }, false)]
    [InlineData(new[] { "https://10.1.2.3:443" }, false)]
    [InlineData(new string[0], false)]
    public void IsLoopbackOnly_Addresses_OnlyAllLoopbackCounts(string[] addresses, bool expected)
    {
        Assert.Equal(expected, AnonymousAccess.IsLoopbackOnly(addresses));
    }
}

public sealed class AuthOptionsValidatorTests
{
    [Fact]
    public void Validate_EveryBadKey_ReportedAtOnce()
    {
        var result = new AuthOptionsValidator().Validate(null, new AuthOptions { AdminUser = "bad name!", AdminPassword = "short", MaxFailedLogins = 0, LockoutMinutes = 0 });

        Assert.True(result.Failed);
        var failures = result.Failures!.ToArray();
        Assert.Contains(failures, f => f.StartsWith("Auth:AdminUser", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Auth:AdminPassword", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Auth:MaxFailedLogins", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Auth:LockoutMinutes", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(5, 5)]
    [InlineData(3, 10)]
    [InlineData(20, 0)]
    [InlineData(20, 101)]
    public void Validate_SourceLimitNotBelowTheAccountLimitOrOutOfRange_FailsNamingTheKey(int maxFailed, int perSource)
    {
        var result = new AuthOptionsValidator().Validate(null, new AuthOptions { MaxFailedLogins = maxFailed, MaxFailedLoginsPerSource = perSource });

        Assert.Contains(result.Failures!, f => f.StartsWith("Auth:MaxFailedLoginsPerSource", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(8, 4)]
    [InlineData(8, 0)]
    [InlineData(8, 721)]
    public void Validate_AbsoluteSessionLifetimeBelowTheSlidingOneOrOutOfRange_FailsNamingTheKey(int sliding, int absolute)
    {
        var result = new AuthOptionsValidator().Validate(null, new AuthOptions { SessionHours = sliding, SessionMaxHours = absolute });

        Assert.Contains(result.Failures!, f => f.StartsWith("Auth:SessionMaxHours", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_UserWithoutPassword_Fails()
    {
        var result = new AuthOptionsValidator().Validate(null, new AuthOptions { AdminUser = "admin" });

        Assert.Contains(result.Failures!, f => f.Contains("together", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new AuthOptionsValidator().Validate(null, new AuthOptions()).Succeeded);
    }
}
