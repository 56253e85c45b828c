namespace SharesConsole.Data.Entities;

public sealed class UserEntity
{
    public int Id { get; set; }

    public string UserName { get; set; } = "";

    public string PasswordHash { get; set; } = "";

    public string Role { get; set; } = "";

    public int FailedLogins { get; set; }

    public DateTimeOffset? LockoutEnd { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Raised to end every sign-in of the user: a session carries the version it began with.</summary>
    public int SessionVersion { get; set; }
}
