using Microsoft.EntityFrameworkCore;
using SharesConsole.Data.Conversions;

namespace SharesConsole.Data.Stores;

public sealed class LocalUserStore(IDbContextFactory<SharesDbContext> factory) : ILocalUserStore
{
    public Task<LocalUser?> FindAsync(string userName, CancellationToken cancellationToken) =>
        factory.FirstAsync(db => db.Users.Where(u => u.UserName == userName), UserMapping.ToUser, cancellationToken);

    public Task<bool> AnyInRoleAsync(string role, CancellationToken cancellationToken) =>
        factory.RunAsync(db => db.Users.AnyAsync(u => u.Role == role, cancellationToken), cancellationToken);

    public async Task<LocalUser?> AddAsync(LocalUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        try
        {
            var row = await factory.InsertAsync(UserMapping.ToEntity(user), $"A user named '{user.UserName}' already exists.", cancellationToken).ConfigureAwait(false);
            return UserMapping.ToUser(row);
        }
        catch (StoreConflictException)
        {
            return null;
        }
    }

    public async Task<LocalUser?> AddFirstInRoleAsync(LocalUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var exclusive = await ExclusiveSection.EnterAsync(db, "first-in-role", cancellationToken).ConfigureAwait(false);
        if (await db.Users.AnyAsync(u => u.Role == user.Role, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var row = UserMapping.ToEntity(user);
        db.Users.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return null;
        }

        await exclusive.CommitAsync(cancellationToken).ConfigureAwait(false);
        return UserMapping.ToUser(row);
    }

    public async Task<bool> TryBeginLoginAsync(int id, int maxAttempts, DateTimeOffset now, CancellationToken cancellationToken) =>
        await factory.RunAsync(
            db => db.Users
                .Where(u => u.Id == id && u.FailedLogins < maxAttempts && (u.LockoutEnd == null || u.LockoutEnd <= now))
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.FailedLogins, u => u.FailedLogins + 1), cancellationToken),
            cancellationToken).ConfigureAwait(false) == 1;

    public async Task<bool> LockIfExhaustedAsync(int id, int maxAttempts, DateTimeOffset now, DateTimeOffset lockoutEnd, CancellationToken cancellationToken) =>
        await factory.RunAsync(
            db => db.Users
                .Where(u => u.Id == id && u.FailedLogins >= maxAttempts && (u.LockoutEnd == null || u.LockoutEnd <= now))
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.FailedLogins, 0).SetProperty(u => u.LockoutEnd, lockoutEnd), cancellationToken),
            cancellationToken).ConfigureAwait(false) == 1;

    public Task SetLoginStateAsync(int id, int failedLogins, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken) =>
        factory.RunAsync(
            db => db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.FailedLogins, failedLogins).SetProperty(u => u.LockoutEnd, lockoutEnd), cancellationToken),
            cancellationToken);

    public Task SetPasswordHashAsync(int id, string passwordHash, CancellationToken cancellationToken) =>
        factory.RunAsync(db => db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordHash, passwordHash), cancellationToken), cancellationToken);

    public async Task<bool> ChangePasswordAsync(string userName, string passwordHash, CancellationToken cancellationToken) =>
        await factory.RunAsync(
            db => db.Users.Where(u => u.UserName == userName).ExecuteUpdateAsync(
                s => s.SetProperty(u => u.PasswordHash, passwordHash).SetProperty(u => u.SessionVersion, u => u.SessionVersion + 1), cancellationToken),
            cancellationToken).ConfigureAwait(false) == 1;

    public async Task<bool> SetRoleAsync(string userName, string role, CancellationToken cancellationToken) =>
        await factory.RunAsync(
            db => db.Users.Where(u => u.UserName == userName).ExecuteUpdateAsync(
                s => s.SetProperty(u => u.Role, role).SetProperty(u => u.SessionVersion, u => u.SessionVersion + 1), cancellationToken),
            cancellationToken).ConfigureAwait(false) == 1;

    public async Task<bool> RevokeSessionsAsync(string userName, CancellationToken cancellationToken) =>
        await factory.RunAsync(
            db => db.Users.Where(u => u.UserName == userName).ExecuteUpdateAsync(s => s.SetProperty(u => u.SessionVersion, u => u.SessionVersion + 1), cancellationToken),
            cancellationToken).ConfigureAwait(false) == 1;
}
