using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SharesConsole.Data.Stores;

namespace SharesConsole.Web.Auth.Users;

public enum LoginOutcome
{
    Succeeded,
    Failed,

    /// <summary>The account had too many failed sign-ins (from any sources) and is locked for a while.</summary>
    LockedOut,

    /// <summary>This source had too many failed sign-ins and is refused for a while; the account is not affected.</summary>
    SourceBlocked,
}

/// <summary>
/// Checks passwords with Identity's hasher and limits guessing twice: per source address (<see cref="LoginSourceThrottle"/>,
/// which stops one script first) and per account (which stops many sources together). Both take an attempt before the
/// password is checked, so parallel guesses cannot pass either limit.
/// </summary>
public sealed class LoginService(ILocalUserStore users, IPasswordHasher<LocalUser> hasher, LoginSourceThrottle sources, IOptions<AuthOptions> options, TimeProvider time)
{
    // Hashed once so an unknown user name costs as much as a wrong password.
    private readonly Lazy<string> _dummyHash = new(() => hasher.HashPassword(new LocalUser { UserName = "-", PasswordHash = "", Role = Roles.Viewer }, "dummy-password"));

    public async Task<(LoginOutcome Outcome, LocalUser? User)> LoginAsync(string userName, string password, IPAddress? source, CancellationToken cancellationToken)
    {
        var from = LoginSourceThrottle.SourceOf(source);
        if (!sources.TryBegin(from))
        {
            return (LoginOutcome.SourceBlocked, null);
        }

        var wrongGuess = false;
        try
        {
            var (outcome, user, wrong) = await CheckAsync(userName, password, cancellationToken);
            wrongGuess = wrong;
            return (outcome, user);
        }
        finally
        {
            if (wrongGuess)
            {
                sources.Failed(from);
            }
            else
            {
                sources.Release(from);
            }
        }
    }

    /// <summary>Creates a user with a hashed password; null when the name is taken.</summary>
    public Task<LocalUser?> CreateAsync(string userName, string password, string role, CancellationToken cancellationToken) =>
        users.AddAsync(NewUser(userName, password, role), cancellationToken);

    /// <summary>Creates the first admin, atomically: null when an admin exists already (or the name is taken).</summary>
    public Task<LocalUser?> CreateFirstAdminAsync(string userName, string password, CancellationToken cancellationToken) =>
        users.AddFirstInRoleAsync(NewUser(userName, password, Roles.Admin), cancellationToken);

    private async Task<(LoginOutcome Outcome, LocalUser? User, bool WrongGuess)> CheckAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var user = UserNames.IsValid(userName) ? await users.FindAsync(userName, cancellationToken) : null;
        if (user is null)
        {
            hasher.VerifyHashedPassword(new LocalUser { UserName = "-", PasswordHash = "", Role = Roles.Viewer }, _dummyHash.Value, password);
            return (LoginOutcome.Failed, null, true);
        }

        var settings = options.Value;
        var now = time.GetUtcNow();
        var lockoutEnd = now.AddMinutes(settings.LockoutMinutes);
        if (!await users.TryBeginLoginAsync(user.Id, settings.MaxFailedLogins, now, cancellationToken))
        {
            // Locked, or every attempt taken: make sure a lockout that ends is recorded (an attempt cut off between
            // its start and its verdict must not leave the account locked for good).
            await users.LockIfExhaustedAsync(user.Id, settings.MaxFailedLogins, now, lockoutEnd, cancellationToken);
            return (LoginOutcome.LockedOut, null, false);
        }

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            var locked = await users.LockIfExhaustedAsync(user.Id, settings.MaxFailedLogins, now, lockoutEnd, cancellationToken);
            return (locked ? LoginOutcome.LockedOut : LoginOutcome.Failed, null, true);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await users.SetPasswordHashAsync(user.Id, hasher.HashPassword(user, password), cancellationToken);
        }

        await users.SetLoginStateAsync(user.Id, 0, null, cancellationToken);
        return (LoginOutcome.Succeeded, user, false);
    }

    private LocalUser NewUser(string userName, string password, string role)
    {
        var user = new LocalUser { UserName = userName, PasswordHash = "", Role = role, CreatedAt = time.GetUtcNow() };
        return user with { PasswordHash = hasher.HashPassword(user, password) };
    }
}
