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

    [Fact]
    public async Task Attach_ActivePassiveUnit_WritesRestartNoDropInThenReloadsAndDisposeRemovesIt()
    {
        var driver = new SystemdDriver(FakeSystemctl.Write(_dir.Path, FakeSystemctl.Restarting(Units)), "mariadb.service", Units);

        var attach = await driver.AttachAsync(CancellationToken.None);

        Assert.True(attach.Ok, attach.Error);
        var dropIn = Path.Combine(Units, "mariadb.service.d", "50-sharesconsole-fence.conf");
        Assert.Equal(dropIn, driver.DropInPath);
        var lines = File.ReadAllLines(dropIn);
        Assert.True(Array.IndexOf(lines, "[Service]") < Array.IndexOf(lines, "Restart=no"), string.Join("\n", lines));
        Assert.Equal(["daemon-reload"], FakeSystemctl.Calls(_dir.Path));

        await driver.DisposeAsync();

        Assert.False(Directory.Exists(Path.GetDirectoryName(dropIn)));
        Assert.Equal(["daemon-reload", "daemon-reload"], FakeSystemctl.Calls(_dir.Path));
    }

    [Fact]
    public async Task Fence_AttachedUnit_KillsThenStopsAndTheUnitNeverComesBack()
    {
        var driver = new SystemdDriver(FakeSystemctl.Write(_dir.Path, FakeSystemctl.Restarting(Units)), "mariadb.service", Units);
        Assert.True((await driver.AttachAsync(CancellationToken.None)).Ok);
        Assert.True((await driver.StartAsync(CancellationToken.None)).Ok);

        var fence = await driver.FenceAsync(CancellationToken.None);
        await driver.DisposeAsync();

        Assert.True(fence.Ok, fence.Error);
        Assert.Equal(
            ["daemon-reload", "is-active mariadb.service", "start mariadb.service", "kill --signal=KILL mariadb.service", "stop mariadb.service", "daemon-reload"],
            FakeSystemctl.Calls(_dir.Path));
        Assert.False(File.Exists(driver.DropInPath));
    }

    [Fact]
    public async Task Kill_AttachedUnit_StaysDown()
    {
        var systemctl = FakeSystemctl.Write(_dir.Path, FakeSystemctl.Restarting(Units));
        await using var driver = new SystemdDriver(systemctl, "mariadb.service", Units);
        Assert.True((await driver.AttachAsync(CancellationToken.None)).Ok);
        Assert.True((await driver.StartAsync(CancellationToken.None)).Ok);

        // What the watchdog sends first: an abnormal exit, which Restart=on-failure would answer with a restart.
        Assert.True((await new Systemctl(systemctl).KillAsync("mariadb.service", CancellationToken.None)).Ok);

        Assert.Equal(ServiceRunState.Failed, (await driver.GetStateAsync(CancellationToken.None)).State);
        Assert.DoesNotContain("restarted mariadb.service", FakeSystemctl.Calls(_dir.Path));
    }

    [Fact]
    public async Task Kill_UnitWithoutDropIn_ComesBack()
    {
        // The behaviour before the drop-in, and still that of a unit the agent does not hold (active/active).
        var systemctl = FakeSystemctl.Write(_dir.Path, FakeSystemctl.Restarting(Units));
        await using var driver = new SystemdDriver(systemctl, "mariadb.service");
        Assert.True((await driver.AttachAsync(CancellationToken.None)).Unchanged);
        Assert.True((await driver.StartAsync(CancellationToken.None)).Ok);

        Assert.True((await new Systemctl(systemctl).KillAsync("mariadb.service", CancellationToken.None)).Ok);

        Assert.Equal(ServiceRunState.Running, (await driver.GetStateAsync(CancellationToken.None)).State);
        Assert.Contains("restarted mariadb.service", FakeSystemctl.Calls(_dir.Path));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Units));
    }

    [Fact]
    public async Task Attach_UnitDirectoryMissing_FailsWithoutCreatingIt()
    {
        // No /run/systemd/system: no systemd runs here, and creating the directory would make programs believe one does.
        var missing = _dir.Combine("run", "systemd", "system");
        await using var driver = new SystemdDriver(FakeSystemctl.Write(_dir.Path, FakeSystemctl.Restarting(missing)), "mariadb", missing);

        var attach = await driver.AttachAsync(CancellationToken.None);

        Assert.False(attach.Ok);
        Assert.Contains("does not exist (is systemd running?)", attach.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.Combine("run")));
    }

    [Fact]
    public async Task Attach_UnitDirectoryNotWritable_FailsNamingTheRisk()
    {
        // A file where the unit's drop-in directory belongs.
        File.WriteAllText(Path.Combine(Units, "mariadb.service.d"), "");
        await using var driver = new SystemdDriver(FakeSystemctl.Write(_dir.Path, FakeSystemctl.Restarting(Units)), "mariadb", Units);

        var attach = await driver.AttachAsync(CancellationToken.None);

        Assert.False(attach.Ok);
        Assert.Contains("may restart itself", attach.Error, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(Units, "mariadb.service.d", "50-sharesconsole-fence.conf"), attach.Error, StringComparison.Ordinal);
        Assert.Empty(FakeSystemctl.Calls(_dir.Path));
    }

    [Theory]
    [InlineData("mariadb", "mariadb.service")]
    [InlineData("mariadb.service", "mariadb.service")]
    [InlineData("mysql@main", "mysql@main.service")]
    [InlineData("backup.timer", "backup.timer")]
    public void DropInPath_UnitAsConfigured_UsesTheFullUnitName(string unit, string full)
    {
        Assert.Equal(Path.Combine("/run/systemd/system", full + ".d", RestartGuard.FileName), RestartGuard.PathOf("/run/systemd/system", unit));
    }

    private string Units => Directory.CreateDirectory(_dir.Combine("units")).FullName;

    public void Dispose() => _dir.Dispose();
}
