using System.Net;
using SharesConsole.Core.Catalog;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Lab;
using SharesConsole.Data.Stores;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Data.Tests.Stores;

public abstract partial class StoreTests
{
    private ClusterRepository Clusters => Db.Get<ClusterRepository>();

    [Fact]
    public async Task LoadAsync_EmptyDatabase_ReturnsNull()
    {
        Assert.Null(await Clusters.LoadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task SeedIfEmptyAsync_ThenLoad_RoundTripsTopologyAndCatalog()
    {
        var topology = LabDefaults.Topology with
        {
            Settings = LabDefaults.Settings with { Architecture = ArchitectureType.WebOnly, DnsTtl = TimeSpan.FromSeconds(7), AutoFailback = true },
            Nodes = [LabDefaults.Topology.Nodes[0] with { Intent = OperatorIntent.Drained | OperatorIntent.Maintenance }, LabDefaults.Topology.Nodes[1]],
        };

        Assert.True(await Clusters.SeedIfEmptyAsync(topology, ServiceCatalog.Default, CancellationToken.None));
        var loaded = await Clusters.LoadAsync(CancellationToken.None);

        Assert.NotNull(loaded);
        Assert.Equal(topology.Settings, loaded.Topology.Settings);
        Assert.Equal(topology.Nodes.AsEnumerable(), loaded.Topology.Nodes);
        Assert.Equal("node-a", loaded.Topology.ActiveNode);
        Assert.Equal(topology.Epoch, loaded.Topology.Epoch);
        Assert.Equal(ServiceCatalog.Default.Services.AsEnumerable(), loaded.Catalog.Services);
        Assert.Equal(ServiceCatalog.CrondNote, loaded.Catalog.Find("crond")?.Note);
    }

    [Fact]
    public async Task SeedIfEmptyAsync_SecondSeed_ReturnsFalseAndKeepsFirst()
    {
        await Clusters.SeedIfEmptyAsync(LabDefaults.Topology, LabDefaults.Catalog, CancellationToken.None);
        var other = LabDefaults.Topology with { Nodes = [LabDefaults.Topology.Nodes[1]], ActiveNode = "node-b", Epoch = 9 };

        Assert.False(await Clusters.SeedIfEmptyAsync(other, ServiceCatalog.Default, CancellationToken.None));
        var loaded = await Clusters.LoadAsync(CancellationToken.None);

        Assert.Equal(2, loaded!.Topology.Nodes.Length);
        Assert.Equal(LabDefaults.Topology.Epoch, loaded.Topology.Epoch);
        Assert.Equal(LabDefaults.Catalog.Services.AsEnumerable(), loaded.Catalog.Services);
    }

    [Fact]
    public async Task SeedIfEmptyAsync_TwoConcurrentSeeders_ExactlyOneSeeds()
    {
        var a = Task.Run(() => Clusters.SeedIfEmptyAsync(LabDefaults.Topology, LabDefaults.Catalog, CancellationToken.None));
        var b = Task.Run(() => Clusters.SeedIfEmptyAsync(LabDefaults.Topology, LabDefaults.Catalog, CancellationToken.None));

        var results = await Task.WhenAll(a, b).WaitAsync("both seeders to finish");

        Assert.Equal(1, results.Count(r => r));
        Assert.Equal(2, (await Clusters.LoadAsync(CancellationToken.None))!.Topology.Nodes.Length);
    }

    [Fact]
    public async Task SeedIfEmptyAsync_DuplicateNodeNames_ThrowsNamingTheNode()
    {
        var topology = LabDefaults.Topology with { Nodes = [.. LabDefaults.Topology.Nodes, new NodeState(LabDefaults.Node("NODE-A", IPAddress.Loopback, 5))] };

        var error = await Assert.ThrowsAsync<StoreConflictException>(() => Clusters.SeedIfEmptyAsync(topology, LabDefaults.Catalog, CancellationToken.None));

        Assert.Contains("node-a", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Null(await Clusters.LoadAsync(CancellationToken.None));
    }

    /// <summary>
    /// Found by the API fuzz test: two saves at once (or a save during an epoch raise) moved the row's version between
    /// the read and the write, and the loser threw DbUpdateConcurrencyException (a 500 on PUT /api/v1/cluster/settings).
    /// </summary>
    [Fact]
    public async Task SaveSettingsAsync_ManyAtOnceWithEpochRaises_EverySaveSucceedsAndTheEpochHolds()
    {
        await Clusters.SeedIfEmptyAsync(LabDefaults.Topology, LabDefaults.Catalog, CancellationToken.None);
        var epoch = (await Clusters.LoadAsync(CancellationToken.None))!.Topology.Epoch;
        var saves = Enumerable.Range(1, 16).Select(i => Task.Run(async () =>
        {
            for (var n = 0; n < 5; n++)
            {
                Assert.True(await Clusters.SaveSettingsAsync(LabDefaults.Settings with { Lease = TimeSpan.FromSeconds(10 + i) }, CancellationToken.None));
            }
        }));
        var raises = Task.Run(async () =>
        {
            for (var n = 0; n < 20; n++)
            {
                Assert.True(await Clusters.TrySetActiveAsync(epoch + n, epoch + n + 1, "node-a", CancellationToken.None));
            }
        });

        await Task.WhenAll([.. saves, raises]);
        var after = await Clusters.LoadAsync(CancellationToken.None);

        Assert.Equal(epoch + 20, after!.Topology.Epoch);
        Assert.InRange(after.Topology.Settings.Lease.TotalSeconds, 11, 26);
    }

    [Fact]
    public async Task SaveSettingsAsync_ChangedSettings_LoadsThemAndRaisesVersion()
    {
        await Clusters.SeedIfEmptyAsync(LabDefaults.Topology, LabDefaults.Catalog, CancellationToken.None);
        var before = await Clusters.LoadAsync(CancellationToken.None);
        var changed = LabDefaults.Settings with
        {
            Architecture = ArchitectureType.WebOnly,
            Vip = IPAddress.Parse("2001:db8::20"),
            Ports = LabDefaults.Settings.Ports with { FaspRangeEnd = 33100 },
            HealthCheck = new HealthCheckSettings { Interval = TimeSpan.FromMilliseconds(250), Fall = 4, Rise = 3, Timeout = TimeSpan.FromMilliseconds(200) },
            Lease = TimeSpan.FromSeconds(15),
        };

        Assert.True(await Clusters.SaveSettingsAsync(changed, CancellationToken.None));
        var after = await Clusters.LoadAsync(CancellationToken.None);

        Assert.Equal(changed, after!.Topology.Settings);
        Assert.True(after.Version > before!.Version);
        Assert.Equal(before.Topology.Epoch, after.Topology.Epoch);
    }

    [Fact]
    public async Task SaveCatalogAsync_EditedCatalog_ReplacesServices()
    {
        await Clusters.SeedIfEmptyAsync(LabDefaults.Topology, ServiceCatalog.Default, CancellationToken.None);
        var edited = ServiceCatalog.Create(ServiceCatalog.Default.Services.Where(s => s.Name != "crond").Select(s => s with { StartOrder = s.StartOrder + 1 }));

        await Clusters.SaveCatalogAsync(edited, CancellationToken.None);

        Assert.Equal(edited.Services.AsEnumerable(), (await Clusters.LoadAsync(CancellationToken.None))!.Catalog.Services);
    }
}
