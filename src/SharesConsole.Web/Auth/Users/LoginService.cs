using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SharesConsole.Data.Stores;

namespace SharesConsole.Web.Auth.Users;

public enum LoginOutcome
{
    Succeeded,
    Failed,
    LockedOut,
}

/// <summary>Checks passwords with Identity's hasher, counts failures and locks an account after too many.</summary>
public sealed class LoginService(ILocalUserStore users, IPasswordHasher<LocalUser> hasher, IOptions<AuthOptions> options, TimeProvider time)
{
    // Hashed once so an unknown user name costs as much as a wrong password.
    private readonly Lazy<string> _dummyHash = new(() => hasher.HashPassword(new LocalUser { UserName = "-", PasswordHash = "", Role = Roles.Viewer }, "dummy-password"));

    public async Task<(LoginOutcome Outcome, LocalUser? User)> LoginAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var user = UserNames.IsValid(userName) ? await users.FindAsync(userName, cancellationToken) : null;
        if (user is null)
        {
            hasher.VerifyHashedPassword(new LocalUser { UserName = "-", PasswordHash = "", Role = Roles.Viewer }, _dummyHash.Value, password);
            return (LoginOutcome.Failed, null);
        }

        var now = time.GetUtcNow();
        if (user.LockoutEnd > now)
        {
            return (LoginOutcome.LockedOut, null);
        }

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            var failures = user.FailedLogins + 1;
            var lockout = failures >= options.Value.MaxFailedLogins;
            await users.SetLoginStateAsync(user.Id, lockout ? 0 : failures, lockout ? now.AddMinutes(options.Value.LockoutMinutes) : null, cancellationToken);
            return (lockout ? LoginOutcome.LockedOut : LoginOutcome.Failed, null);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await users.SetPasswordHashAsync(user.Id, hasher.HashPassword(user, password), cancellationToken);
        }

        if (user.FailedLogins > 0 || user.LockoutEnd is not null)
        {
            await users.SetLoginStateAsync(user.Id, 0, null, cancellationToken);
        }

        return (LoginOutcome.Succeeded, user);
    }

    /// <summary>Creates a user with a hashed password; null when the name is taken.</summary>
    public Task<LocalUser?> CreateAsync(string userName, string password, string role, CancellationToken cancellationToken) =>
        users.AddAsync(NewUser(userName, password, role), cancellationToken);

    /// <summary>Creates the first admin, atomically: null when an admin exists already (or the name is taken).</summary>
    public Task<LocalUser?> CreateFirstAdminAsync(string userName, string password, CancellationToken cancellationToken) =>
        users.AddFirstInRoleAsync(NewUser(userName, password, Roles.Admin), cancellationToken);

    private LocalUser NewUser(string userName, string password, string role)
    {
        var user = new LocalUser { UserName = userName, PasswordHash = "", Role = role, CreatedAt = time.GetUtcNow() };
        return user with { PasswordHash = hasher.HashPassword(user, password) };
    }
}
