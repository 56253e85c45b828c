namespace SharesConsole.Data.Stores;

/// <summary>Stored API keys: prefix and hash only, never the clear key.</summary>
public interface IApiKeyStore
{
    Task<ApiKeyRecord?> FindByPrefixAsync(string prefix, CancellationToken cancellationToken);

    Task<ApiKeyRecord?> FindAsync(int id, CancellationToken cancellationToken);

    /// <summary>Every key, revoked and expired ones included, in creation order.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Stores the key and returns it with its id; <see cref="StoreConflictException"/> when its prefix is taken.</summary>
    Task<ApiKeyRecord> AddAsync(ApiKeyRecord key, CancellationToken cancellationToken);

    /// <summary>Marks the key revoked (a second revoke keeps the first time); false when there is no such key.</summary>
    Task<bool> RevokeAsync(int id, DateTimeOffset at, CancellationToken cancellationToken);
}
