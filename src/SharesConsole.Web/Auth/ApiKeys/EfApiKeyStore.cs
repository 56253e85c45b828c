using Microsoft.EntityFrameworkCore;
using SharesConsole.Data;
using SharesConsole.Data.Entities;

namespace SharesConsole.Web.Auth.ApiKeys;

/// <summary>API keys in the SharesConsole database.</summary>
public sealed class EfApiKeyStore(IDbContextFactory<SharesDbContext> factory) : IApiKeyStore
{
    public async Task<ApiKeyRecord?> FindByPrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var entity = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        return entity is null ? null : ToRecord(entity);
    }

    public async Task<ApiKeyRecord?> FindAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var entity = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        return entity is null ? null : ToRecord(entity);
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var entities = await db.ApiKeys.AsNoTracking().OrderBy(k => k.Id).ToListAsync(cancellationToken);
        return [.. entities.Select(ToRecord)];
    }

    public async Task<ApiKeyRecord> AddAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var entity = new ApiKeyEntity
        {
            Name = key.Name,
            Prefix = key.Prefix,
            Hash = key.Hash,
            Role = key.Role,
            CreatedAt = key.CreatedAt,
            ExpiresAt = key.ExpiresAt,
        };
        db.ApiKeys.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        return ToRecord(entity);
    }

    public async Task<bool> RevokeAsync(int id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var entity = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (entity is null)
        {
            return false;
        }

        entity.RevokedAt ??= at;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static ApiKeyRecord ToRecord(ApiKeyEntity e) => new()
    {
        Id = e.Id,
        Name = e.Name,
        Prefix = e.Prefix,
        Hash = e.Hash,
        Role = e.Role,
        CreatedAt = e.CreatedAt,
        ExpiresAt = e.ExpiresAt,
        RevokedAt = e.RevokedAt,
    };
}
