using SharesConsole.Agent.Drivers.Systemd;
using SharesConsole.Agent.Tests.Support;
using SharesConsole.Core.Agents;
using SharesConsole.Tests.Common.Files;

namespace SharesConsole.Agent.Tests.Drivers.Systemd;

public sealed class SystemdDriverTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Start_UnitDoesNotExist_FailsWithSystemctlMessage()
    {
        await using var driver = new SystemdDriver(FakeSystemctl.Write(_dir.Path, FakeSystemctl.MissingUnit), "nope");

        var result = await driver.StartAsync(CancellationToken.None);

        Assert.False(result.Ok);
        Assert.Contains("Unit nope.service not found", result.Error, StringComparison.Ordinal);
        Assert.Contains("code 5", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_TwiceOnWorkingUnit_StartsOnceAndReportsRunning()
    {
        await using var driver = new SystemdDriver(FakeSystemctl.Write(_dir.Path, FakeSystemctl.Working), "crond");

        var first = await driver.StartAsync(CancellationToken.None);
        var second = await driver.StartAsync(CancellationToken.None);

        Assert.True(first.Ok && !first.Unchanged);
        Assert.True(second.Ok && second.Unchanged);
        Assert.Single(File.ReadAllLines(_dir.Combine("starts-crond")));
        Assert.Equal(ServiceRunState.Running, (await driver.GetStateAsync(CancellationToken.None)).State);
        Assert.True((await driver.StopAsync(CancellationToken.None)).Ok);
        Assert.Equal(ServiceRunState.Stopped, (await driver.GetStateAsync(CancellationToken.None)).State);
    }

    [Fact]
    public async Task GetState_SystemctlMissing_UnknownWithReason()
    {
        await using var driver = new SystemdDriver(_dir.Combine("no-such-systemctl"), "crond");

        var state = await driver.GetStateAsync(CancellationToken.None);

        Assert.Equal(ServiceRunState.Unknown, state.State);
        Assert.Contains("Cannot run", state.Detail, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
