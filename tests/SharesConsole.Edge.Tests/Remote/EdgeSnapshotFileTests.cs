using System.Net;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Remote;
using SharesConsole.Tests.Common.Files;

namespace SharesConsole.Edge.Tests.Remote;

public sealed class EdgeSnapshotFileTests
{
    private static EdgeSnapshot Snapshot()
    {
        var config = TopologyJson.ToConfig(new ClusterTopology { Settings = new ClusterSettings { Vip = IPAddress.Loopback }, Nodes = [] });
        return new EdgeSnapshot
        {
            Version = config.Version,
            Topology = config.Topology,
            Health = [new EdgeProbeVerdict("node-a", PoolKind.Web, true), new EdgeProbeVerdict("node-a", PoolKind.Transfer, false)],
            SavedAt = DateTimeOffset.UnixEpoch,
        };
    }

    [Fact]
    public void Write_ThenRead_SameSnapshotAndNoTemporaryFileLeft()
    {
        using var directory = new TempDirectory();
        var file = new EdgeSnapshotFile(Path.Combine(directory.Path, "sub", "snapshot.json"));
        var written = Snapshot();

        file.Write(written);
        file.Write(written with { SavedAt = DateTimeOffset.UnixEpoch.AddDays(1) });
        var read = file.TryRead(out var problem);

        Assert.Null(problem);
        Assert.NotNull(read);
        Assert.Equal(written.Version, read.Version);
        Assert.Equal(written.Health, read.Health);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddDays(1), read.SavedAt);
        Assert.Equal(["snapshot.json"], Directory.GetFiles(Path.Combine(directory.Path, "sub")).Select(Path.GetFileName));
    }

    [Fact]
    public void TryRead_NoFile_NullWithoutProblem()
    {
        using var directory = new TempDirectory();

        var read = new EdgeSnapshotFile(Path.Combine(directory.Path, "none.json")).TryRead(out var problem);

        Assert.Null(read);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{}")]
    [InlineData("{\"version\":\"v\",\"topology\":\"{\\\"nodes\\\":[]}\"}")]
    public void TryRead_DamagedFile_NullWithTheProblem(string content)
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "snapshot.json");
        File.WriteAllText(path, content);

        var read = new EdgeSnapshotFile(path).TryRead(out var problem);

        Assert.Null(read);
        Assert.False(string.IsNullOrWhiteSpace(problem));
    }
}
