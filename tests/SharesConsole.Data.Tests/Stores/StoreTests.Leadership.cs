using SharesConsole.Data.Stores;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Data.Tests.Stores;

public abstract partial class StoreTests
{
    private static readonly TimeSpan LongLease = TimeSpan.FromMinutes(5);

    private LeaderLeaseStore Leases => Db.Get<LeaderLeaseStore>();

    [Fact]
    public async Task Lease_Free_TakenWithTerm1_RenewedByItsHolderOnly()
    {
        var term = await Leases.TryAcquireOrRenewAsync("cp-1", "http://cp-1", 0, LongLease, CancellationToken.None);

        Assert.Equal(1, term);
        Assert.Null(await Leases.TryAcquireOrRenewAsync("cp-2", "http://cp-2", 0, LongLease, CancellationToken.None));
        Assert.Null(await Leases.TryAcquireOrRenewAsync("cp-2", "http://cp-2", 1, LongLease, CancellationToken.None));
        Assert.Equal(1, await Leases.TryAcquireOrRenewAsync("cp-1", "http://cp-1", 1, LongLease, CancellationToken.None));
        var view = await Leases.ReadAsync(CancellationToken.None);
        Assert.Equal(("cp-1", "http://cp-1", 1L), (view!.Holder, view.Url, view.Term));
        Assert.InRange(view.Remaining, TimeSpan.FromMinutes(4), LongLease);
    }

    [Fact]
    public async Task Lease_Expired_TakenByAnotherWithTheNextTerm_OldHolderCannotRenew()
    {
        Assert.Equal(1, await Leases.TryAcquireOrRenewAsync("cp-1", "http://cp-1", 0, TimeSpan.FromMilliseconds(100), CancellationToken.None));

        var term = await Poll.UntilAsync<long?>(
            () => Leases.TryAcquireOrRenewAsync("cp-2", "http://cp-2", 0, LongLease, CancellationToken.None), t => t is not null, "cp-2 takes the expired lease");

        Assert.Equal(2, term);
        Assert.Null(await Leases.TryAcquireOrRenewAsync("cp-1", "http://cp-1", 1, LongLease, CancellationToken.None));
        Assert.Equal("cp-2", (await Leases.ReadAsync(CancellationToken.None))!.Holder);
    }

    [Fact]
    public async Task Lease_Released_TakenAtOnceByAnother()
    {
        Assert.Equal(1, await Leases.TryAcquireOrRenewAsync("cp-1", "http://cp-1", 0, LongLease, CancellationToken.None));
        await Leases.ReleaseAsync(new LeaderFence("cp-2", 1), CancellationToken.None);
        Assert.Null(await Leases.TryAcquireOrRenewAsync("cp-2", "http://cp-2", 0, LongLease, CancellationToken.None));

        await Leases.ReleaseAsync(new LeaderFence("cp-1", 1), CancellationToken.None);

        Assert.Equal(2, await Leases.TryAcquireOrRenewAsync("cp-2", "http://cp-2", 0, LongLease, CancellationToken.None));
    }

    [Fact]
    public async Task Lease_EightInstancesAtOnce_ExactlyOneHoldsIt()
    {
        var tries = Enumerable.Range(1, 8).Select(i => Task.Run(() => Leases.TryAcquireOrRenewAsync($"cp-{i}", $"http://cp-{i}", 0, LongLease, CancellationToken.None)));

        var terms = await Task.WhenAll(tries);

        Assert.Equal([1L], terms.OfType<long>());
    }

    [Fact]
    public async Task Announce_Instances_ListedWithRoleAndAge_StaleOnesLeftOut()
    {
        await Leases.AnnounceAsync("cp-1", "http://cp-1", "Leader", 3, CancellationToken.None);
        await Leases.AnnounceAsync("cp-2", "http://cp-2", "Follower", 0, CancellationToken.None);
        await Leases.AnnounceAsync("cp-2", "http://cp-2b", "Follower", 0, CancellationToken.None);

        var instances = await Leases.InstancesAsync(TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal([("cp-1", "Leader", 3L, "http://cp-1"), ("cp-2", "Follower", 0L, "http://cp-2b")], instances.Select(i => (i.Name, i.Role, i.Term, i.Url)));
        Assert.All(instances, i => Assert.InRange(i.Age, TimeSpan.Zero, TimeSpan.FromMinutes(1)));
        await Poll.UntilAsync(async () => (await Leases.InstancesAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None)).Count == 0, "announcements older than the window are left out");
    }

    [Fact]
    public async Task EdgeStore_EnrollRotateRemove()
    {
        var edges = Db.Get<EdgeStore>();

        Assert.True(await edges.SetTokenHashAsync("edge-1", "hash-1", CancellationToken.None));
        Assert.False(await edges.SetTokenHashAsync("edge-1", "hash-2", CancellationToken.None));
        Assert.Equal("hash-2", await edges.GetTokenHashAsync("edge-1", CancellationToken.None));
        Assert.Equal(["edge-1"], (await edges.ListAsync(CancellationToken.None)).Select(e => e.Name));
        Assert.True(await edges.RemoveAsync("edge-1", CancellationToken.None));
        Assert.False(await edges.RemoveAsync("edge-1", CancellationToken.None));
        Assert.Null(await edges.GetTokenHashAsync("edge-1", CancellationToken.None));
    }
}

public abstract partial class StoreTests
{
    [Fact]
    public async Task RaiseEpoch_FencedByTheLeaseTerm_OnlyTheHolderOfTheCurrentTermRaises()
    {
        await Clusters.SeedIfEmptyAsync(SharesConsole.Core.Lab.LabDefaults.Topology, SharesConsole.Core.Lab.LabDefaults.Catalog, CancellationToken.None);
        var epoch = (await Clusters.LoadAsync(CancellationToken.None))!.Topology.Epoch;
        Assert.Equal(1, await Leases.TryAcquireOrRenewAsync("cp-1", "http://cp-1", 0, TimeSpan.FromMilliseconds(100), CancellationToken.None));
        var taken = await Poll.UntilAsync<long?>(() => Leases.TryAcquireOrRenewAsync("cp-2", "http://cp-2", 0, LongLease, CancellationToken.None), t => t is not null, "cp-2 takes over");

        var stale = await Clusters.RaiseEpochAsync(epoch, "node-b", CancellationToken.None, new LeaderFence("cp-1", 1));
        var current = await Clusters.RaiseEpochAsync(epoch, "node-b", CancellationToken.None, new LeaderFence("cp-2", taken!.Value));

        Assert.Equal(SharesConsole.Core.Failover.EpochRaise.Stale, stale.Result);
        Assert.Equal((SharesConsole.Core.Failover.EpochRaise.Raised, epoch + 1), current);
    }

    [Fact]
    public async Task CreateOperation_FencedByTheLease_ADeposedLeaderLeavesNoOperationBehind()
    {
        // The lab's leader-pause: the paused leader wakes and decides a failover before it notices its lease is gone.
        Assert.Equal(1, await Leases.TryAcquireOrRenewAsync("cp-1", "http://cp-1", 0, TimeSpan.FromMilliseconds(100), CancellationToken.None));
        var taken = await Poll.UntilAsync<long?>(() => Leases.TryAcquireOrRenewAsync("cp-2", "http://cp-2", 0, LongLease, CancellationToken.None), t => t is not null, "cp-2 takes over");

        Assert.False(await Operations.TryCreateAsync(Plan(), "decided by the deposed leader", CancellationToken.None, new LeaderFence("cp-1", 1)));
        Assert.Null(await Operations.GetLiveAsync(CancellationToken.None));
        Assert.True(await Operations.TryCreateAsync(Plan(), "decided by the leader", CancellationToken.None, new LeaderFence("cp-2", taken!.Value)));
        Assert.NotNull(await Operations.GetLiveAsync(CancellationToken.None));
    }
}
