using SharesConsole.ControlPlane.Configuration;

namespace SharesConsole.Web.Tests.Configuration;

public sealed class ControlPlaneOptionsValidatorTests
{
    private static IEnumerable<string> Errors(ControlPlaneOptions options) =>
        new ControlPlaneOptionsValidator().Validate(null, options).Failures ?? [];

    [Fact]
    public void Validate_Defaults_DeepCheckEveryTenSecondsNoDrill()
    {
        var options = new ControlPlaneOptions();

        Assert.Empty(Errors(options));
        Assert.Equal("*/10 * * * * *", options.DeepCheck.Cron);
        Assert.False(options.Drill.Enabled);
    }

    [Fact]
    public void Validate_EverythingWrong_OneErrorPerKey()
    {
        var options = new ControlPlaneOptions
        {
            HeartbeatTimeoutMs = 10,
            StateRefreshMs = 0,
            DeepCheck = new DeepCheckOptions { Cron = "every ten seconds please", Confirmations = 0 },
            Drill = new DrillOptions { Cron = "0 3 *" },
        };

        var errors = Errors(options).ToList();

        Assert.Equal(5, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("ControlPlane:HeartbeatTimeoutMs", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ControlPlane:StateRefreshMs", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ControlPlane:DeepCheck:Cron", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ControlPlane:DeepCheck:Confirmations", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ControlPlane:Drill:Cron", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_EmptyDeepCheckCron_Required() =>
        Assert.Contains("ControlPlane:DeepCheck:Cron is required", Assert.Single(Errors(new ControlPlaneOptions { DeepCheck = new DeepCheckOptions { Cron = " " } })), StringComparison.Ordinal);

    [Fact]
    public void Validate_FailoverTimingsOutOfRange_OneErrorPerKeyNamingIt()
    {
        var options = new ControlPlaneOptions
        {
            Failover = new FailoverTimingOptions
            {
                FenceMargin = TimeSpan.FromSeconds(-1),
                MaxRestarts = 101,
                RestartWindow = TimeSpan.FromSeconds(5),
                StartVerifyTimeout = TimeSpan.Zero,
                CommandBackoff = TimeSpan.FromHours(1),
                FailbackStablePeriod = TimeSpan.FromDays(2),
            },
        };

        var errors = Errors(options).ToList();

        Assert.Equal(
            ["ControlPlane:Failover:FenceMargin", "ControlPlane:Failover:MaxRestarts", "ControlPlane:Failover:RestartWindow",
             "ControlPlane:Failover:StartVerifyTimeout", "ControlPlane:Failover:CommandBackoff", "ControlPlane:Failover:FailbackStablePeriod"],
            errors.Select(e => e.Split(' ')[0]));
    }

    [Fact]
    public void Validate_FailoverDefaults_TodaysConstants()
    {
        var failover = new ControlPlaneOptions().Failover;

        Assert.Equal(
            (TimeSpan.FromSeconds(2), 3, TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2)),
            (failover.FenceMargin, failover.MaxRestarts, failover.RestartWindow, failover.StartVerifyTimeout, failover.CommandBackoff, failover.FailbackStablePeriod));
    }
}
