using Microsoft.Extensions.Time.Testing;
using SharesConsole.Agent.Storage;
using SharesConsole.Core.Agents;
using SharesConsole.Tests.Common.Files;

namespace SharesConsole.Agent.Tests.Storage;

/// <summary>The blocking probe on a plain directory of the test host (the FUSE tests cover the failing file systems).</summary>
public sealed class StorageCheckTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Run_WritableDirectory_OkWithFreeSpaceAndNoProbeFileLeft()
    {
        var check = new StorageCheck(_dir.Path, "node-t", new StorageProbeOptions(), _time);

        var result = check.Run();

        Assert.Equal(StorageStatus.Ok, result.Status);
        Assert.Equal(new DriveInfo(_dir.Path).TotalSize, result.TotalBytes);
        Assert.True(result.FreeBytes > 0);
        Assert.False(File.Exists(check.ProbeFile));
        Assert.Equal(_dir.Combine(".sharesconsole-probe-node-t"), check.ProbeFile);
    }

    [Fact]
    public void Run_MissingDirectory_NoMount()
    {
        var result = new StorageCheck(_dir.Combine("gone"), "node-t", new StorageProbeOptions(), _time).Run();

        Assert.Equal(StorageStatus.NoMount, result.Status);
    }

    [Fact]
    public void Run_MountRequiredButAPlainDirectory_NoMount()
    {
        var result = new StorageCheck(_dir.Path, "node-t", new StorageProbeOptions { RequireMountPoint = true }, _time).Run();

        Assert.Equal(StorageStatus.NoMount, result.Status);
        Assert.Contains("not a mount point", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_FreeSpaceBelowTheCriticalThreshold_CriticalSpace()
    {
        var options = new StorageProbeOptions { CriticalFreeBytes = long.MaxValue - 1, WarningFreeBytes = long.MaxValue };

        var result = new StorageCheck(_dir.Path, "node-t", options, _time).Run();

        Assert.Equal(StorageStatus.CriticalSpace, result.Status);
        Assert.NotNull(result.FreeBytes);
    }

    [Theory]
    [InlineData("/proc", true)]
    [InlineData("/proc/", true)]
    [InlineData("/mnt/shares dir", true)]
    [InlineData("/mnt/shares", false)]
    public void IsMountPoint_MountTable_ExactMountPointsOnlyWithEscapesDecoded(string path, bool mounted)
    {
        var table = _dir.Combine("mountinfo");
        File.WriteAllLines(table,
        [
            "22 1 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw",
            @"46 27 0:40 / /mnt/shares\040dir rw,relatime - fuse faultyfs rw",
        ]);

        Assert.Equal(mounted, StorageCheck.IsMountPoint(path, table));
    }

    public void Dispose() => _dir.Dispose();
}
