using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace SharesConsole.Data.Stores;

/// <summary>
/// A transaction that only one connection at a time may hold, across processes: SQLite's write lock
/// (<c>BEGIN IMMEDIATE</c>) or a MariaDB named lock (<c>GET_LOCK</c>) taken before the transaction starts. For a
/// check-then-insert that no row lock can cover, such as "the first admin".
/// </summary>
internal sealed class ExclusiveSection : IAsyncDisposable
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    private readonly SharesDbContext _db;
    private readonly IDbContextTransaction _transaction;
    private readonly string? _lockName;

    private ExclusiveSection(SharesDbContext db, IDbContextTransaction transaction, string? lockName)
    {
        _db = db;
        _transaction = transaction;
        _lockName = lockName;
    }

    public static async Task<ExclusiveSection> EnterAsync(SharesDbContext db, string name, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            // Microsoft.Data.Sqlite begins IMMEDIATE: the write lock is taken now, not at the first write.
            return new ExclusiveSection(db, await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false), null);
        }

        // A named lock belongs to the connection: keep the one connection open until it is released.
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var lockName = "sharesconsole." + name;
        var seconds = (int)LockTimeout.TotalSeconds;
        var taken = await db.Database.SqlQuery<long?>($"SELECT GET_LOCK({lockName}, {seconds}) AS `Value`").ToListAsync(cancellationToken).ConfigureAwait(false);
        if (taken.SingleOrDefault() != 1)
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
            throw new TimeoutException($"Could not take the database lock '{lockName}' within {seconds} s.");
        }

        return new ExclusiveSection(db, await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false), lockName);
    }

    public Task CommitAsync(CancellationToken cancellationToken) => _transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync().ConfigureAwait(false);
        if (_lockName is not null)
        {
            await _db.Database.ExecuteSqlAsync($"DO RELEASE_LOCK({_lockName})", CancellationToken.None).ConfigureAwait(false);
            await _db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }
}
