namespace SharesConsole.Data.Entities;

/// <summary>An API key: the clear key is shown once; only its prefix (for lookup) and hash are kept.</summary>
public sealed class ApiKeyEntity
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public string Prefix { get; set; } = "";

    public string Hash { get; set; } = "";

    public string Role { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
