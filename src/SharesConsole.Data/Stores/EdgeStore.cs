using Microsoft.EntityFrameworkCore;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data.Stores;

/// <summary>An enrolled edge as the console lists it.</summary>
public sealed record EdgeRecord(string Name, DateTimeOffset EnrolledAt, DateTimeOffset TokenIssuedAt);

/// <summary>Enrolled edges and their token hashes.</summary>
public sealed class EdgeStore(IDbContextFactory<SharesDbContext> factory, TimeProvider time)
{
    public Task<string?> GetTokenHashAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return factory.RunAsync(db => db.Edges.Where(e => e.Name == name).Select(e => e.TokenHash).SingleOrDefaultAsync(cancellationToken), cancellationToken);
    }

    public Task<IReadOnlyList<EdgeRecord>> ListAsync(CancellationToken cancellationToken) =>
        factory.RunAsync<IReadOnlyList<EdgeRecord>>(async db => await db.Edges.AsNoTracking().OrderBy(e => e.Name)
            .Select(e => new EdgeRecord(e.Name, e.EnrolledAt, e.TokenIssuedAt)).ToListAsync(cancellationToken).ConfigureAwait(false), cancellationToken);

    /// <summary>Enrolls the edge with this token hash, or replaces the hash of an enrolled one; true when it was new.</summary>
    public async Task<bool> SetTokenHashAsync(string name, string tokenHash, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenHash);
        var now = time.GetUtcNow();
        if (await factory.UpdateAsync(db => db.Edges.Where(e => e.Name == name), e => { e.TokenHash = tokenHash; e.TokenIssuedAt = now; }, null, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        try
        {
            await factory.InsertAsync(new EdgeEntity { Name = name, TokenHash = tokenHash, EnrolledAt = now, TokenIssuedAt = now }, $"edge {name}", cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StoreConflictException)
        {
            // Enrolled by a parallel request a moment ago: this token replaces that one.
            await factory.UpdateAsync(db => db.Edges.Where(e => e.Name == name), e => { e.TokenHash = tokenHash; e.TokenIssuedAt = now; }, null, cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>Removes the edge and its token; false when there was none.</summary>
    public Task<bool> RemoveAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return factory.RunAsync(async db => await db.Edges.Where(e => e.Name == name).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0, cancellationToken);
    }
}
