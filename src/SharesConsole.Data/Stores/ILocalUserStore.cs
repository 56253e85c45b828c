namespace SharesConsole.Data.Stores;

/// <summary>Console users; names compare case-insensitively on every provider.</summary>
public interface ILocalUserStore
{
    Task<LocalUser?> FindAsync(string userName, CancellationToken cancellationToken);

    Task<bool> AnyInRoleAsync(string role, CancellationToken cancellationToken);

    /// <summary>Adds the user; null when the name is taken.</summary>
    Task<LocalUser?> AddAsync(LocalUser user, CancellationToken cancellationToken);

    Task SetLoginStateAsync(int id, int failedLogins, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken);

    Task SetPasswordHashAsync(int id, string passwordHash, CancellationToken cancellationToken);
}
