using Microsoft.EntityFrameworkCore;
using SharesConsole.Core.Failover;

namespace SharesConsole.Data.Stores;

public sealed partial class ClusterRepository
{
    /// <summary>
    /// Compare-and-set: moves the epoch from <paramref name="expectedEpoch"/> to <paramref name="newEpoch"/> and sets the
    /// active node, in one conditional UPDATE. False when the stored epoch is not the expected one (someone else acted).
    /// </summary>
    /// <param name="fence">With several control planes: the update happens only while this holder and term hold the leader lease.</param>
    public async Task<bool> TrySetActiveAsync(long expectedEpoch, long newEpoch, string? newActive, CancellationToken cancellationToken, LeaderFence? fence = null)
    {
        if (newEpoch <= expectedEpoch)
        {
            throw new ArgumentOutOfRangeException(nameof(newEpoch), newEpoch, $"The epoch only moves forward: {newEpoch} is not above {expectedEpoch}.");
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.ClusterSettings
            .Where(s => s.Epoch == expectedEpoch)
            .Where(s => fence == null || db.LeaderLeases.Any(l => l.Name == LeaderLeaseStore.LeaseName && l.Holder == fence.Holder && l.Term == fence.Term))
            .ExecuteUpdateAsync(
                set => set.SetProperty(s => s.Epoch, newEpoch).SetProperty(s => s.ActiveNode, newActive).SetProperty(s => s.Version, s => s.Version + 1),
                cancellationToken)
            .ConfigureAwait(false);
        return rows == 1;
    }

    /// <summary>
    /// The failover step: raises the epoch from <paramref name="expected"/> to expected + 1 with <paramref name="newActive"/>.
    /// A resumed run that finds its own raise already done gets <see cref="EpochRaise.AlreadyRaised"/>.
    /// </summary>
    /// <param name="fence">With several control planes: the raise happens only while this holder and term hold the leader lease (compare-and-set on the term).</param>
    public async Task<(EpochRaise Result, long Current)> RaiseEpochAsync(long expected, string newActive, CancellationToken cancellationToken, LeaderFence? fence = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(newActive);
        if (await TrySetActiveAsync(expected, expected + 1, newActive, cancellationToken, fence).ConfigureAwait(false))
        {
            return (EpochRaise.Raised, expected + 1);
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.ClusterSettings.AsNoTracking().Select(s => new { s.Epoch, s.ActiveNode }).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The cluster is not seeded: there is no epoch to raise.");
        var mine = row.Epoch == expected + 1 && string.Equals(row.ActiveNode, newActive, StringComparison.OrdinalIgnoreCase);
        return (mine ? EpochRaise.AlreadyRaised : EpochRaise.Stale, row.Epoch);
    }
}
