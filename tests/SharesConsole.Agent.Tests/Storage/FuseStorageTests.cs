using Microsoft.Extensions.Time.Testing;
using SharesConsole.Agent.Configuration;
using SharesConsole.Agent.Storage;
using SharesConsole.Agent.Tests.Support;
using SharesConsole.Core.Agents;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Tests.Common.Polling;
using SharesConsole.Tests.Common.Storage;

namespace SharesConsole.Agent.Tests.Storage;

/// <summary>
/// The storage probe against a real FUSE file system (Tests.Common/Storage/faultyfs.py) told to hang, fail writes or turn
/// read-only; mounted by the test as root under its own directory and always unmounted.
/// </summary>
public sealed class FuseStorageTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new();
    private FaultyFuseMount _mount = null!;

    public async Task InitializeAsync() => _mount = await FaultyFuseMount.MountAsync(_dir.Path);

    public async Task DisposeAsync()
    {
        await _mount.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public void Run_HealthyMount_OkAndAMountPointWithItsFreeSpace()
    {
        var result = Check(new StorageProbeOptions { RequireMountPoint = true }).Run();

        Assert.Equal((StorageStatus.Ok, 8L << 30, 16L << 30), (result.Status, result.FreeBytes, result.TotalBytes));
    }

    [Fact]
    public void Run_MountTurnedReadOnly_ReadOnly()
    {
        _mount.TurnReadOnly();

        var result = Check(new StorageProbeOptions()).Run();

        Assert.Equal(StorageStatus.ReadOnly, result.Status);
        Assert.Contains("Read-only file system", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WritesFailWithEio_Error()
    {
        _mount.FailWrites();

        var result = Check(new StorageProbeOptions()).Run();

        Assert.Equal(StorageStatus.Error, result.Status);
        Assert.Contains("Input/output error", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_FreeSpaceBelowTheCriticalThreshold_CriticalSpace()
    {
        _mount.SetFreeBytes(50L << 20);

        var result = Check(new StorageProbeOptions { CriticalFreeBytes = 100L << 20 }).Run();

        Assert.True(result is { Status: StorageStatus.CriticalSpace, FreeBytes: 50L << 20 }, $"{result}; faultyfs said: {_mount.Output}");
    }

    [Fact]
    public async Task Agent_MountHangs_ProbeTimesOutAndHeartbeatsKeepFlowingUntilUnfitThenFitAfterHealing()
    {
        var link = new FakeControlPlaneLink { Active = false };
        var options = TestAgents.Options(_dir.Combine("state"), Loopback.Agent.Address(190).ToString(), []) with
        {
            HeartbeatInterval = TimeSpan.FromMilliseconds(100),
            Lease = TimeSpan.FromSeconds(2),
            SharedStoragePath = _mount.Path,
            Storage = new StorageProbeOptions { Interval = TimeSpan.FromMilliseconds(200), Timeout = TimeSpan.FromMilliseconds(200), Fall = 3, Rise = 2 },
            DiskHeartbeat = new DiskHeartbeatOptions { Interval = TimeSpan.FromMilliseconds(200) },
        };
        var agent = TestAgents.Create(options, link, TimeProvider.System);
        try
        {
            await agent.StartAsync(CancellationToken.None);
            await HangUntilUnfitThenHealAsync(link);
        }
        finally
        {
            // Released before the agent stops: an agent that did block on the mount (the bug) must not hang the suite.
            _mount.Heal();
            await agent.DisposeAsync();
        }
    }

    private async Task HangUntilUnfitThenHealAsync(FakeControlPlaneLink link)
    {
        await WaitForHeartbeatAsync(link, s => s?.Status == StorageStatus.Ok, "a heartbeat with a good probe");

        _mount.Hang();
        var unfit = await WaitForHeartbeatAsync(link, s => s?.FitForActive == false, "a heartbeat saying unfit for active");
        var sent = link.Heartbeats.Count;
        await Poll.UntilAsync(() => link.Heartbeats.Count >= sent + 5, "heartbeats to go on while the probe hangs");

        Assert.Equal(StorageStatus.Timeout, unfit.Status);
        Assert.Contains("stuck", unfit.LastError, StringComparison.Ordinal);
        var diskStuck = await WaitForHeartbeatAsync(link, s => s?.DiskHeartbeatOk == false, "a heartbeat saying the disk heartbeat is stuck");
        Assert.Contains("no slot written", diskStuck.DiskHeartbeatError, StringComparison.Ordinal);
        Assert.DoesNotContain(link.Heartbeats, h => h.Storage is { FitForActive: false, ConsecutiveFailures: < 3 });

        _mount.Heal();
        var healed = await WaitForHeartbeatAsync(link, s => s is { FitForActive: true, DiskHeartbeatOk: true }, "a heartbeat saying fit again, its disk heartbeat written");
        Assert.Equal(StorageStatus.Ok, healed.Status);
    }

    private StorageCheck Check(StorageProbeOptions options) => new(_mount.Path, "node-t", options, _time);

    private static async Task<StorageHealth> WaitForHeartbeatAsync(FakeControlPlaneLink link, Func<StorageHealth?, bool> condition, string what)
    {
        var heartbeat = await Poll.UntilAsync(
            () => link.Heartbeats.LastOrDefault(),
            h => h is not null && condition(h.Storage),
            what,
            describe: h => $"last storage: {h?.Storage}");
        return heartbeat!.Storage!;
    }
}
