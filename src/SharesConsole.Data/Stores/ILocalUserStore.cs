namespace SharesConsole.Data.Stores;

/// <summary>Console users; names compare case-insensitively on every provider.</summary>
public interface ILocalUserStore
{
    Task<LocalUser?> FindAsync(string userName, CancellationToken cancellationToken);

    Task<bool> AnyInRoleAsync(string role, CancellationToken cancellationToken);

    /// <summary>Adds the user; null when the name is taken.</summary>
    Task<LocalUser?> AddAsync(LocalUser user, CancellationToken cancellationToken);

    /// <summary>
    /// Adds the user only while nobody holds its role, atomically across connections and processes (two first
    /// admins set up in parallel: one wins); null when someone holds the role already or the name is taken.
    /// </summary>
    Task<LocalUser?> AddFirstInRoleAsync(LocalUser user, CancellationToken cancellationToken);

    /// <summary>
    /// Takes one sign-in attempt for the account before its password is checked, in one conditional update: the
    /// attempt counter goes up only while the account is not locked at <paramref name="now"/> and is below
    /// <paramref name="maxAttempts"/>. False: no attempt is left (parallel guesses cannot pass the limit).
    /// </summary>
    Task<bool> TryBeginLoginAsync(int id, int maxAttempts, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Locks the account until <paramref name="lockoutEnd"/> and clears its counter when the counter has reached
    /// <paramref name="maxAttempts"/> and no lockout runs at <paramref name="now"/>; true when this call locked it.
    /// </summary>
    Task<bool> LockIfExhaustedAsync(int id, int maxAttempts, DateTimeOffset now, DateTimeOffset lockoutEnd, CancellationToken cancellationToken);

    Task SetLoginStateAsync(int id, int failedLogins, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken);

    /// <summary>Replaces the hash of the same password (a stronger hasher); sessions stay valid.</summary>
    Task SetPasswordHashAsync(int id, string passwordHash, CancellationToken cancellationToken);

    /// <summary>Sets a new password and ends every session of the user; false when the user does not exist.</summary>
    Task<bool> ChangePasswordAsync(string userName, string passwordHash, CancellationToken cancellationToken);

    /// <summary>Gives the user another role and ends every session of the user; false when the user does not exist.</summary>
    Task<bool> SetRoleAsync(string userName, string role, CancellationToken cancellationToken);

    /// <summary>Ends every session of the user ("sign out everywhere"); false when the user does not exist.</summary>
    Task<bool> RevokeSessionsAsync(string userName, CancellationToken cancellationToken);
}
