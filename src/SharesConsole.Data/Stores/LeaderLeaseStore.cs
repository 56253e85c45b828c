using Microsoft.EntityFrameworkCore;

namespace SharesConsole.Data.Stores;

/// <summary>The lease as the database sees it now.</summary>
public sealed record LeaderLeaseView(string Holder, string Url, long Term, TimeSpan Remaining);

/// <summary>A control-plane instance and how long ago it last announced itself (database clock).</summary>
public sealed record ControlPlaneInstanceView(string Name, string Url, string Role, long Term, TimeSpan Age);

/// <summary>Who may write while holding the lease: checked by compare-and-set in the statements it guards.</summary>
public sealed record LeaderFence(string Holder, long Term);

/// <summary>
/// The control plane's leader lease (one row) and the instances' announcements. Every statement compares and sets on the
/// database's own clock, so the instances' clocks never matter: a lease is taken only when it has expired in the database,
/// renewed only by its holder with its term, and every new holder raises the term.
/// </summary>
public sealed class LeaderLeaseStore(IDbContextFactory<SharesDbContext> factory)
{
    public const string LeaseName = "control-plane";

    /// <summary>Takes the lease when it is free or expired (a new term) or renews it for its holder (the same term).</summary>
    /// <returns>The term held, or null when another instance holds an unexpired lease.</returns>
    public async Task<long?> TryAcquireOrRenewAsync(string holder, string url, long heldTerm, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        var micros = (long)lease.TotalMicroseconds;
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (heldTerm > 0)
        {
            var renewed = await db.Database.ExecuteSqlRawAsync(
                Sql(db, "UPDATE `LeaderLeases` SET `ExpiresAtMicros` = @now + {0} WHERE `Name` = {1} AND `Holder` = {2} AND `Term` = {3} AND `ExpiresAtMicros` >= @now"),
                [micros, LeaseName, holder, heldTerm], cancellationToken).ConfigureAwait(false);
            if (renewed == 1)
            {
                return heldTerm;
            }
        }

        await EnsureRowAsync(db, cancellationToken).ConfigureAwait(false);
        var taken = await db.Database.ExecuteSqlRawAsync(
            Sql(db, "UPDATE `LeaderLeases` SET `Holder` = {0}, `Url` = {1}, `Term` = `Term` + 1, `ExpiresAtMicros` = @now + {2}, `AcquiredAtMicros` = @now WHERE `Name` = {3} AND `ExpiresAtMicros` < @now"),
            [holder, url, micros, LeaseName], cancellationToken).ConfigureAwait(false);
        if (taken != 1)
        {
            return null;
        }

        return await db.LeaderLeases.AsNoTracking().Where(l => l.Name == LeaseName && l.Holder == holder)
            .Select(l => (long?)l.Term).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lets the lease go at once (a clean stop): another instance takes it at its next try instead of after expiry.</summary>
    public async Task ReleaseAsync(LeaderFence fence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fence);
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.LeaderLeases.Where(l => l.Name == LeaseName && l.Holder == fence.Holder && l.Term == fence.Term)
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.ExpiresAtMicros, 0L), cancellationToken).ConfigureAwait(false);
    }

    public async Task<LeaderLeaseView?> ReadAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.Database.SqlQueryRaw<LeaseRow>(
            Sql(db, "SELECT `Holder`, `Url`, `Term`, `ExpiresAtMicros` - @now AS `RemainingMicros` FROM `LeaderLeases` WHERE `Name` = {0}"), LeaseName)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows is [var row] && row.Term > 0 ? new LeaderLeaseView(row.Holder, row.Url, row.Term, TimeSpan.FromMicroseconds(row.RemainingMicros)) : null;
    }

    /// <summary>Records that <paramref name="name"/> is alive now with this role (the console lists the instances).</summary>
    public async Task AnnounceAsync(string name, string url, string role, long term, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var updated = await db.Database.ExecuteSqlRawAsync(
            Sql(db, "UPDATE `ControlPlaneInstances` SET `Url` = {0}, `Role` = {1}, `Term` = {2}, `SeenAtMicros` = @now WHERE `Name` = {3}"),
            [url, role, term, name], cancellationToken).ConfigureAwait(false);
        if (updated == 0)
        {
            try
            {
                await db.Database.ExecuteSqlRawAsync(
                    Sql(db, "INSERT INTO `ControlPlaneInstances` (`Name`, `Url`, `Role`, `Term`, `SeenAtMicros`, `StartedAtMicros`) VALUES ({0}, {1}, {2}, {3}, @now, @now)"),
                    [name, url, role, term], cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (DbErrors.IsDuplicateKey(ex))
            {
                // Inserted by a parallel announcement a moment ago; the next one updates it.
            }
        }
    }

    /// <summary>Every instance that announced itself within <paramref name="within"/>, by name.</summary>
    public async Task<IReadOnlyList<ControlPlaneInstanceView>> InstancesAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.Database.SqlQueryRaw<InstanceRow>(
            Sql(db, "SELECT `Name`, `Url`, `Role`, `Term`, @now - `SeenAtMicros` AS `AgeMicros` FROM `ControlPlaneInstances` ORDER BY `Name`"))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Where(r => r.AgeMicros <= (long)within.TotalMicroseconds)
            .Select(r => new ControlPlaneInstanceView(r.Name, r.Url, r.Role, r.Term, TimeSpan.FromMicroseconds(Math.Max(0, r.AgeMicros))))];
    }

    private static async Task EnsureRowAsync(SharesDbContext db, CancellationToken cancellationToken)
    {
        if (await db.LeaderLeases.AsNoTracking().AnyAsync(l => l.Name == LeaseName, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO `LeaderLeases` (`Name`, `Holder`, `Url`, `Term`, `ExpiresAtMicros`, `AcquiredAtMicros`) VALUES ({0}, '', '', 0, 0, 0)",
                [LeaseName], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DbErrors.IsDuplicateKey(ex))
        {
            // Another instance created it at the same moment.
        }
    }

    /// <summary>The statement with <c>@now</c> replaced by the database's clock in microseconds since the Unix epoch (no value of a caller is ever spliced in).</summary>
    /// <summary>
    /// Inside a transaction of <paramref name="db"/>: true while <paramref name="fence"/> holds an unexpired lease (database
    /// clock). It locks the lease row until the transaction ends, so a takeover waits for the guarded write or comes first
    /// and makes this false.
    /// </summary>
    internal static async Task<bool> HoldsAsync(SharesDbContext db, LeaderFence fence, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlRawAsync(
            Sql(db, "UPDATE `LeaderLeases` SET `Term` = `Term` WHERE `Name` = {0} AND `Holder` = {1} AND `Term` = {2} AND `ExpiresAtMicros` >= @now"),
            [LeaseName, fence.Holder, fence.Term], cancellationToken).ConfigureAwait(false) == 1;

    private static string Sql(SharesDbContext db, string template) => template.Replace(
        "@now",
        db.Database.IsSqlite() ? "CAST((julianday('now') - 2440587.5) * 86400000000.0 AS INTEGER)" : "CAST(UNIX_TIMESTAMP(NOW(6)) * 1000000 AS SIGNED)",
        StringComparison.Ordinal);

    private sealed class LeaseRow
    {
        public string Holder { get; set; } = "";

        public string Url { get; set; } = "";

        public long Term { get; set; }

        public long RemainingMicros { get; set; }
    }

    private sealed class InstanceRow
    {
        public string Name { get; set; } = "";

        public string Url { get; set; } = "";

        public string Role { get; set; } = "";

        public long Term { get; set; }

        public long AgeMicros { get; set; }
    }
}
