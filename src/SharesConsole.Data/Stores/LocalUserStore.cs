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

    public Task SetLoginStateAsync(int id, int failedLogins, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken) =>
        factory.RunAsync(
            db => db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.FailedLogins, failedLogins).SetProperty(u => u.LockoutEnd, lockoutEnd), cancellationToken),
            cancellationToken);

    public Task SetPasswordHashAsync(int id, string passwordHash, CancellationToken cancellationToken) =>
        factory.RunAsync(db => db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordHash, passwordHash), cancellationToken), cancellationToken);
}
