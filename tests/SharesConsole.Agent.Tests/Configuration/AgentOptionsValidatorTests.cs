using SharesConsole.Agent.Configuration;

namespace SharesConsole.Agent.Tests.Configuration;

public sealed class AgentOptionsValidatorTests
{
    private static readonly AgentOptions Valid = new()
    {
        NodeName = "node-a",
        ControlPlaneUrl = "https://console.example.com",
        Token = "t",
        Services = new(StringComparer.OrdinalIgnoreCase)
        {
            ["nginx"] = new() { Driver = ServiceDriverKind.Systemd, Unit = "nginx" },
            ["mysqld"] = new() { Driver = ServiceDriverKind.Process, Command = "/usr/sbin/mariadbd" },
        },
    };

    [Fact]
    public void Validate_ValidOptions_Succeeds()
    {
        var result = new AgentOptionsValidator().Validate(null, Valid);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("https://console.example.com", true)]
    [InlineData("http://127.0.30.10:5090", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("http://console.example.com", false)]
    [InlineData("http://10.0.0.5:5000", false)]
    public void Validate_PlainHttp_OnlyToALoopbackControlPlane(string url, bool valid)
    {
        var result = new AgentOptionsValidator().Validate(null, Valid with { ControlPlaneUrl = url });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("must use https unless the control plane is on this host's loopback", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_ManyProblems_ReportsEveryOneNamingTheKey()
    {
        var options = Valid with
        {
            NodeName = "",
            ControlPlaneUrl = "ftp://x",
            Token = " ",
            Address = "not-an-ip",
            Lease = TimeSpan.Zero,
            HeartbeatInterval = TimeSpan.FromSeconds(5),
            Services = new(StringComparer.OrdinalIgnoreCase)
            {
                ["nginx"] = new() { Driver = ServiceDriverKind.Systemd },
                ["mysqld"] = new() { Driver = ServiceDriverKind.Process, StopGrace = TimeSpan.Zero, Port = 70000 },
                ["web"] = new() { Driver = ServiceDriverKind.Lab, StandIn = LabStandInKind.Web },
                ["crond"] = new() { Driver = ServiceDriverKind.Lab, StandIn = LabStandInKind.ActivePassive },
                ["odd"] = new() { Driver = (ServiceDriverKind)42 },
            },
        };

        var errors = AgentOptionsValidator.Collect(options);

        string[] keys =
        [
            "Agent:NodeName", "Agent:Token", "Agent:ControlPlaneUrl", "Agent:Address", "Agent:Lease",
            "Agent:Services:nginx:Unit", "Agent:Services:mysqld:Command", "Agent:Services:mysqld:StopGrace", "Agent:Services:mysqld:Port",
            "Agent:Services:web:Port", "Agent:LabDirectory", "Agent:Services:odd:Driver",
        ];
        foreach (var key in keys)
        {
            Assert.Contains(errors, e => e.Contains(key, StringComparison.Ordinal));
        }

        Assert.Equal(keys.Length, errors.Count);
    }

    [Fact]
    public void Validate_DiskHeartbeatProblems_EachNamesItsKey()
    {
        var errors = AgentOptionsValidator.Collect(Valid with
        {
            DiskHeartbeat = new DiskHeartbeatOptions { Enabled = true, Interval = TimeSpan.Zero, IoTimeout = TimeSpan.FromSeconds(-1) },
        });

        Assert.Contains(errors, e => e.StartsWith("Agent:DiskHeartbeat:Directory (or Agent:SharedStoragePath) is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Agent:DiskHeartbeat:Interval", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Agent:DiskHeartbeat:IoTimeout", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, null, false, null)]
    [InlineData("/srv/shared", null, true, "/srv/shared/.sharesconsole/disk-heartbeat")]
    [InlineData("/srv/shared", false, false, null)]
    [InlineData("/srv/shared", true, true, "/srv/shared/.sharesconsole/disk-heartbeat")]
    public void DiskHeartbeat_OnByDefaultExactlyWithSharedStorage(string? shared, bool? enabled, bool on, string? directory)
    {
        var options = Valid with { SharedStoragePath = shared, DiskHeartbeat = new DiskHeartbeatOptions { Enabled = enabled } };

        Assert.Equal(on, options.DiskHeartbeat.IsEnabled(options));
        if (on)
        {
            Assert.Equal(directory, options.DiskHeartbeat.ResolveDirectory(options));
        }

        Assert.Empty(AgentOptionsValidator.Collect(options));
    }

    [Fact]
    public void Validate_DiskHeartbeatRelativeDirectory_Fails()
    {
        var errors = AgentOptionsValidator.Collect(Valid with { DiskHeartbeat = new DiskHeartbeatOptions { Enabled = true, Directory = "shared/slots" } });

        Assert.Contains(errors, e => e.StartsWith("Agent:DiskHeartbeat:Directory must be an absolute path", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_LeaseNotLongerThanHeartbeat_Fails()
    {
        var errors = AgentOptionsValidator.Collect(Valid with { Lease = TimeSpan.FromSeconds(1), HeartbeatInterval = TimeSpan.FromSeconds(1) });

        Assert.Contains(errors, e => e.Contains("must be longer than Agent:HeartbeatInterval", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_LabWatchdogNotShorterThanLease_Fails()
    {
        var errors = AgentOptionsValidator.Collect(Valid with { Lease = TimeSpan.FromSeconds(10), LabWatchdog = TimeSpan.FromSeconds(10) });

        Assert.Contains(errors, e => e.StartsWith("Agent:LabWatchdog", StringComparison.Ordinal) && e.Contains("shorter than Agent:Lease", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SystemdServiceWithRelativeUnitDirectory_FailsNamingTheKey()
    {
        var errors = AgentOptionsValidator.Collect(Valid with { SystemdUnitDirectory = "run/systemd/system" });

        Assert.StartsWith("Agent:SystemdUnitDirectory must be an absolute path (got 'run/systemd/system')", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LabWithoutLabDirectory_Fails()
    {
        var errors = AgentOptionsValidator.Collect(Valid with { Lab = true, LabDirectory = null, LabWatchdog = TimeSpan.FromSeconds(5) });

        Assert.Equal("Agent:LabDirectory is required when Agent:Lab is set (the stand-ins' shared lock files live there).", Assert.Single(errors));
    }
}
