namespace SharesConsole.Web.Auth.ApiKeys;

public interface IApiKeyStore
{
    Task<ApiKeyRecord?> FindByPrefixAsync(string prefix, CancellationToken cancellationToken);

    Task<ApiKeyRecord?> FindAsync(int id, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Stores the key and returns it with its id.</summary>
    Task<ApiKeyRecord> AddAsync(ApiKeyRecord key, CancellationToken cancellationToken);

    /// <summary>Marks the key revoked; false when there is no such key.</summary>
    Task<bool> RevokeAsync(int id, DateTimeOffset at, CancellationToken cancellationToken);
}
