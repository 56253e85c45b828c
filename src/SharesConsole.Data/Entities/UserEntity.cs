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
}
