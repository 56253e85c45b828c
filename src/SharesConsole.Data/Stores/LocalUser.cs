namespace SharesConsole.Data.Stores;

/// <summary>A console user with a hashed password.</summary>
public sealed record LocalUser
{
    public int Id { get; init; }

    public required string UserName { get; init; }

    public required string PasswordHash { get; init; }

    public required string Role { get; init; }

    public int FailedLogins { get; init; }

    public DateTimeOffset? LockoutEnd { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The version a session must carry to stay valid; raised to end every sign-in at once.</summary>
    public int SessionVersion { get; init; }
}
