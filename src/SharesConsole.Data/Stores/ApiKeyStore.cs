using Microsoft.EntityFrameworkCore;
using SharesConsole.Data.Conversions;

namespace SharesConsole.Data.Stores;

public sealed class ApiKeyStore(IDbContextFactory<SharesDbContext> factory) : IApiKeyStore
{
    public Task<ApiKeyRecord?> FindByPrefixAsync(string prefix, CancellationToken cancellationToken) =>
        factory.FirstAsync(db => db.ApiKeys.Where(k => k.Prefix == prefix), ApiKeyMapping.ToRecord, cancellationToken);

    public Task<ApiKeyRecord?> FindAsync(int id, CancellationToken cancellationToken) =>
        factory.FirstAsync(db => db.ApiKeys.Where(k => k.Id == id), ApiKeyMapping.ToRecord, cancellationToken);

    public Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken) =>
        factory.ListAsync(db => db.ApiKeys.OrderBy(k => k.Id), ApiKeyMapping.ToRecord, cancellationToken);

    public async Task<ApiKeyRecord> AddAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var row = await factory.InsertAsync(
            ApiKeyMapping.ToEntity(key),
            $"An API key with the prefix '{key.Prefix}' already exists; key prefixes must be unique.",
            cancellationToken).ConfigureAwait(false);
        return ApiKeyMapping.ToRecord(row);
    }

    public async Task<bool> RevokeAsync(int id, DateTimeOffset at, CancellationToken cancellationToken) =>
        await factory.UpdateAsync(db => db.ApiKeys.Where(k => k.Id == id), k => k.RevokedAt ??= at, null, cancellationToken).ConfigureAwait(false) is not null;
}
