using SharesConsole.Data.Stores;

namespace SharesConsole.Web.Auth.ApiKeys;

/// <summary>Creates keys (the clear key is returned once) and checks presented keys.</summary>
public sealed class ApiKeyService(IApiKeyStore store, TimeProvider time)
{
    public async Task<(ApiKeyRecord Record, string Key)> CreateAsync(string name, string role, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var (key, prefix) = ApiKeyFormat.Generate();
        var record = await store.AddAsync(new ApiKeyRecord
        {
            Name = name,
            Prefix = prefix,
            Hash = ApiKeyFormat.Hash(key),
            Role = role,
            CreatedAt = time.GetUtcNow(),
            ExpiresAt = expiresAt,
        }, cancellationToken);
        return (record, key);
    }

    /// <summary>The key's record when it exists, matches, is not revoked and not expired; otherwise null and why.</summary>
    public async Task<(ApiKeyRecord? Record, string? Failure)> AuthenticateAsync(string key, CancellationToken cancellationToken)
    {
        var prefix = ApiKeyFormat.PrefixOf(key);
        if (prefix is null)
        {
            return (null, "The API key is malformed.");
        }

        var record = await store.FindByPrefixAsync(prefix, cancellationToken);
        if (record is null || !ApiKeyFormat.Matches(key, record.Hash))
        {
            return (null, "The API key is not known.");
        }

        if (record.RevokedAt is not null)
        {
            return (null, "The API key was revoked.");
        }

        return record.ExpiresAt <= time.GetUtcNow() ? (null, "The API key has expired.") : (record, null);
    }
}
