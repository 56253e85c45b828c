using SharesConsole.Data.Entities;
using SharesConsole.Data.Stores;

namespace SharesConsole.Data.Conversions;

internal static class ApiKeyMapping
{
    /// <summary>A new row: the id is generated and a new key is never revoked.</summary>
    public static ApiKeyEntity ToEntity(ApiKeyRecord key) => new()
    {
        Name = key.Name,
        Prefix = key.Prefix,
        Hash = key.Hash,
        Role = key.Role,
        CreatedAt = key.CreatedAt,
        ExpiresAt = key.ExpiresAt,
    };

    public static ApiKeyRecord ToRecord(ApiKeyEntity entity) => new()
    {
        Id = entity.Id,
        Name = entity.Name,
        Prefix = entity.Prefix,
        Hash = entity.Hash,
        Role = entity.Role,
        CreatedAt = entity.CreatedAt,
        ExpiresAt = entity.ExpiresAt,
        RevokedAt = entity.RevokedAt,
    };
}
