namespace SharesConsole.Data.Stores;

/// <summary>A stored API key (never the clear key).</summary>
public sealed record ApiKeyRecord
{
    public int Id { get; init; }

    public required string Name { get; init; }

    public required string Prefix { get; init; }

    public required string Hash { get; init; }

    public required string Role { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public bool IsUsable(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
