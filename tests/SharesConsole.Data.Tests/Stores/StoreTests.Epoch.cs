using SharesConsole.Core.Failover;
using SharesConsole.Core.Lab;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Data.Tests.Stores;

public abstract partial class StoreTests
{
    [Fact]
    public async Task TrySetActiveAsync_StaleExpectedEpoch_ReturnsFalseAndKeepsState()
    {
        await Clusters.SeedIfEmptyAsync(LabDefaults.Topology, LabDefaults.Catalog, CancellationToken.None);
        Assert.True(await Clusters.TrySetActiveAsync(1, 2, "node-b", CancellationToken.None));

        Assert.False(await Clusters.TrySetActiveAsync(1, 3, "node-a", CancellationToken.None));

        var loaded = await Clusters.LoadAsync(CancellationToken.None);
        Assert.Equal(2, loaded!.Topology.Epoch);
        Assert.Equal("node-b", loaded.Topology.ActiveNode);
    }

    [Fact]
    public async Task TrySetActiveAsync_EpochNotMovingForward_Throws()
    {
        await Clusters.SeedIfEmptyAsync(LabDefaults.Topology, LabDefaults.Catalog, CancellationToken.None);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Clusters.TrySetActiveAsync(1, 1, "node-b", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Clusters.TrySetActiveAsync(1, 0, "node-b", CancellationToken.None));
        Assert.Equal(1, (await Clusters.LoadAsync(CancellationToken.None))!.Topology.Epoch);
    }

    [Fact]
    public async Task RaiseEpochAsync_RaisedThenResumedThenStale_ReportsEachOutcome()
    {
        await Clusters.SeedIfEmptyAsync(LabDefaults.Topology, LabDefaults.Catalog, CancellationToken.None);

        Assert.Equal((EpochRaise.Raised, 2L), await Clusters.RaiseEpochAsync(1, "node-b", CancellationToken.None));
        Assert.Equal((EpochRaise.AlreadyRaised, 2L), await Clusters.RaiseEpochAsync(1, "node-b", CancellationToken.None));
        Assert.Equal((EpochRaise.Stale, 2L), await Clusters.RaiseEpochAsync(1, "node-a", CancellationToken.None));
    }

    [Fact]
    public async Task RaiseEpochAsync_TwoConcurrentRaisesFromSameEpoch_ExactlyOneWins()
    {
        await Clusters.SeedIfEmptyAsync(LabDefaults.Topology, LabDefaults.Catalog, CancellationToken.None);
        for (long epoch = 1; epoch <= 5; epoch++)
        {
            var expected = epoch;
            var toA = Task.Run(() => Clusters.TrySetActiveAsync(expected, expected + 1, "node-a", CancellationToken.None));
            var toB = Task.Run(() => Clusters.TrySetActiveAsync(expected, expected + 1, "node-b", CancellationToken.None));

            var results = await Task.WhenAll(toA, toB).WaitAsync($"both raises from epoch {expected} to finish");

            Assert.Equal(1, results.Count(r => r));
            var loaded = await Clusters.LoadAsync(CancellationToken.None);
            Assert.Equal(expected + 1, loaded!.Topology.Epoch);
            Assert.Equal(results[0] ? "node-a" : "node-b", loaded.Topology.ActiveNode);
        }
    }
}
