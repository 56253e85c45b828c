using SharesConsole.Web.Configuration;

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
}
