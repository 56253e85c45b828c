using Microsoft.EntityFrameworkCore;
using SharesConsole.Data;
using SharesConsole.Data.Entities;

namespace SharesConsole.Web.Auth.Users;

/// <summary>Console users in the SharesConsole database.</summary>
public sealed class EfLocalUserStore(IDbContextFactory<SharesDbContext> factory) : ILocalUserStore
{
    public async Task<LocalUser?> FindAsync(string userName, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var entity = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == userName, cancellationToken);
        return entity is null ? null : ToUser(entity);
    }

    public async Task<bool> AnyAdminAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AnyAsync(u => u.Role == Roles.Admin, cancellationToken);
    }

    public async Task<LocalUser?> AddAsync(LocalUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var entity = new UserEntity { UserName = user.UserName, PasswordHash = user.PasswordHash, Role = user.Role, CreatedAt = user.CreatedAt };
        db.Users.Add(entity);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique index on the user name refused it.
            return null;
        }

        return ToUser(entity);
    }

    public async Task SetLoginStateAsync(int id, int failedLogins, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(
            s => s.SetProperty(u => u.FailedLogins, failedLogins).SetProperty(u => u.LockoutEnd, lockoutEnd), cancellationToken);
    }

    public async Task SetPasswordHashAsync(int id, string passwordHash, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordHash, passwordHash), cancellationToken);
    }

    private static LocalUser ToUser(UserEntity e) => new()
    {
        Id = e.Id,
        UserName = e.UserName,
        PasswordHash = e.PasswordHash,
        Role = e.Role,
        FailedLogins = e.FailedLogins,
        LockoutEnd = e.LockoutEnd,
        CreatedAt = e.CreatedAt,
    };
}
