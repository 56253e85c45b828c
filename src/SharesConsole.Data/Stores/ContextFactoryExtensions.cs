using Microsoft.EntityFrameworkCore;

namespace SharesConsole.Data.Stores;

/// <summary>The shape every store method shares: one short-lived context per call, untracked reads, unique-index refusals as conflicts.</summary>
internal static class ContextFactoryExtensions
{
    public static async Task<T> RunAsync<T>(this IDbContextFactory<SharesDbContext> factory, Func<SharesDbContext, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await work(db).ConfigureAwait(false);
    }

    /// <summary>The first row of <paramref name="query"/>, mapped; null when there is none.</summary>
    public static Task<TRecord?> FirstAsync<TEntity, TRecord>(
        this IDbContextFactory<SharesDbContext> factory,
        Func<SharesDbContext, IQueryable<TEntity>> query,
        Func<TEntity, TRecord> map,
        CancellationToken cancellationToken)
        where TEntity : class
        where TRecord : class =>
        factory.RunAsync(
            async db => await query(db).AsNoTracking().FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) is { } row ? map(row) : null,
            cancellationToken);

    public static Task<IReadOnlyList<TRecord>> ListAsync<TEntity, TRecord>(
        this IDbContextFactory<SharesDbContext> factory,
        Func<SharesDbContext, IQueryable<TEntity>> query,
        Func<TEntity, TRecord> map,
        CancellationToken cancellationToken)
        where TEntity : class =>
        factory.RunAsync<IReadOnlyList<TRecord>>(
            async db => [.. (await query(db).AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false)).Select(map)],
            cancellationToken);

    /// <summary>Inserts <paramref name="row"/> (its generated key is set on it); a unique index refusing it throws <see cref="StoreConflictException"/>.</summary>
    public static Task<TEntity> InsertAsync<TEntity>(this IDbContextFactory<SharesDbContext> factory, TEntity row, string conflict, CancellationToken cancellationToken)
        where TEntity : class =>
        factory.RunAsync(
            async db =>
            {
                db.Add(row);
                await db.SaveOrConflictAsync(conflict, cancellationToken).ConfigureAwait(false);
                return row;
            },
            cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the first row of <paramref name="query"/> and saves it; null when there is none.
    /// A unique index refusing the change throws <see cref="StoreConflictException"/> when <paramref name="conflict"/> is given.
    /// </summary>
    public static Task<TEntity?> UpdateAsync<TEntity>(
        this IDbContextFactory<SharesDbContext> factory,
        Func<SharesDbContext, IQueryable<TEntity>> query,
        Action<TEntity> change,
        string? conflict,
        CancellationToken cancellationToken)
        where TEntity : class =>
        factory.RunAsync<TEntity?>(
            async db =>
            {
                var row = await query(db).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
                if (row is null)
                {
                    return null;
                }

                change(row);
                try
                {
                    await db.SaveOrConflictAsync(conflict, cancellationToken).ConfigureAwait(false);
                    return row;
                }
                catch (DbUpdateConcurrencyException)
                {
                    // Deleted between the read and the write (found by the API fuzz test: a token rotation or a webhook
                    // update next to a delete answered 500): there is no such row, as if it had gone a moment earlier.
                    if (await query(db).AsNoTracking().AnyAsync(cancellationToken).ConfigureAwait(false))
                    {
                        throw;
                    }

                    return null;
                }
            },
            cancellationToken);

    private static async Task SaveOrConflictAsync(this SharesDbContext db, string? conflict, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException ex) when (conflict is not null && DbErrors.IsUniqueViolation(ex))
        {
            throw new StoreConflictException(conflict, ex);
        }
    }
}
