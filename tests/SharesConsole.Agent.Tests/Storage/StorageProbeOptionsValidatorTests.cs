using SharesConsole.Agent.Configuration;
using SharesConsole.Agent.Storage;

namespace SharesConsole.Agent.Tests.Storage;

public sealed class StorageProbeOptionsValidatorTests
{
    private static readonly AgentOptions Valid = new()
    {
        NodeName = "node-a",
        ControlPlaneUrl = "https://console.example.com",
        Token = "t",
        SharedStoragePath = "/mnt/shares",
    };

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var result = new AgentOptionsValidator().Validate(null, Valid);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("Agent:Storage:Interval")]
    [InlineData("Agent:Storage:Timeout")]
    [InlineData("Agent:Storage:Fall")]
    [InlineData("Agent:Storage:Rise")]
    [InlineData("Agent:Storage:WarningFreeBytes")]
    [InlineData("Agent:Storage:CriticalFreeBytes")]
    public void Validate_OneBadValue_FailsNamingItsKey(string key)
    {
        var storage = key.Split(':')[^1] switch
        {
            "Interval" => new StorageProbeOptions { Interval = TimeSpan.Zero },
            "Timeout" => new StorageProbeOptions { Timeout = TimeSpan.FromSeconds(-1) },
            "Fall" => new StorageProbeOptions { Fall = 0 },
            "Rise" => new StorageProbeOptions { Rise = 0 },
            "WarningFreeBytes" => new StorageProbeOptions { WarningFreeBytes = -1 },
            _ => new StorageProbeOptions { CriticalFreeBytes = -1 },
        };

        var result = new AgentOptionsValidator().Validate(null, Valid with { Storage = storage });

        Assert.False(result.Succeeded);
        Assert.Contains(result.Failures!, f => f.StartsWith(key + " ", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_TimeoutLongerThanTheInterval_Fails()
    {
        var storage = new StorageProbeOptions { Interval = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromSeconds(2) };

        var result = new AgentOptionsValidator().Validate(null, Valid with { Storage = storage });

        Assert.Contains(result.Failures!, f => f.StartsWith("Agent:Storage:Timeout (00:00:02) must not exceed Agent:Storage:Interval", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_CriticalNotBelowWarning_Fails()
    {
        var storage = new StorageProbeOptions { WarningFreeBytes = 100, CriticalFreeBytes = 100 };

        var result = new AgentOptionsValidator().Validate(null, Valid with { Storage = storage });

        Assert.Contains(result.Failures!, f => f.StartsWith("Agent:Storage:CriticalFreeBytes (100) must be below Agent:Storage:WarningFreeBytes", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_WarningOff_AnyCriticalThresholdAccepted()
    {
        var result = new AgentOptionsValidator().Validate(null, Valid with { Storage = new StorageProbeOptions { WarningFreeBytes = 0, CriticalFreeBytes = 1L << 40 } });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_RelativeSharedPathOrMountRequiredWithoutPath_Fails()
    {
        var relative = new AgentOptionsValidator().Validate(null, Valid with { SharedStoragePath = "shares" });
        var noPath = new AgentOptionsValidator().Validate(null, Valid with { SharedStoragePath = null, Storage = new StorageProbeOptions { RequireMountPoint = true } });

        Assert.Contains(relative.Failures!, f => f.StartsWith("Agent:SharedStoragePath must be an absolute path", StringComparison.Ordinal));
        Assert.Contains(noPath.Failures!, f => f.StartsWith("Agent:Storage:RequireMountPoint needs Agent:SharedStoragePath", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SeveralBadValues_ReportsEveryOne()
    {
        var storage = new StorageProbeOptions { Interval = TimeSpan.Zero, Fall = 0, Rise = 0, WarningFreeBytes = -1 };

        var result = new AgentOptionsValidator().Validate(null, Valid with { Storage = storage });

        Assert.Equal(4, result.Failures!.Count(f => f.StartsWith("Agent:Storage:", StringComparison.Ordinal)));
    }
}
