using SharesConsole.Data.Entities;
using SharesConsole.Data.Stores;

namespace SharesConsole.Data.Conversions;

internal static class UserMapping
{
    /// <summary>A new row: the id is generated and a new user has no failed logins.</summary>
    public static UserEntity ToEntity(LocalUser user) => new()
    {
        UserName = user.UserName,
        PasswordHash = user.PasswordHash,
        Role = user.Role,
        CreatedAt = user.CreatedAt,
    };

    public static LocalUser ToUser(UserEntity entity) => new()
    {
        Id = entity.Id,
        UserName = entity.UserName,
        PasswordHash = entity.PasswordHash,
        Role = entity.Role,
        FailedLogins = entity.FailedLogins,
        LockoutEnd = entity.LockoutEnd,
        CreatedAt = entity.CreatedAt,
        SessionVersion = entity.SessionVersion,
    };
}
