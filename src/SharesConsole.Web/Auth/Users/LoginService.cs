using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SharesConsole.Data.Stores;
using SharesConsole.Web.Logging;

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
public sealed partial class LoginService(
    ILocalUserStore users, IPasswordHasher<LocalUser> hasher, LoginSourceThrottle sources, IOptions<AuthOptions> options, TimeProvider time, ILogger<LoginService> logger)
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
                if (sources.Failed(from))
                {
                    // Once per block, not per guess: the user name is the caller's text, so it is escaped.
                    LogSourceBlocked(logger, from, options.Value.MaxFailedLoginsPerSource, UntrustedText.ForLog(userName, UserNames.MaxLength), options.Value.LockoutMinutes);
                }
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
            if (locked)
            {
                LogAccountLocked(logger, user.UserName, settings.MaxFailedLogins, settings.LockoutMinutes);
            }

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

    [LoggerMessage(EventId = 8110, Level = LogLevel.Warning, Message = "Refusing sign-ins from {Source} for {Minutes} min: {Count} failed attempts, the last for user name '{UserName}'.")]
    private static partial void LogSourceBlocked(ILogger logger, string source, int count, string userName, int minutes);

    [LoggerMessage(EventId = 8111, Level = LogLevel.Warning, Message = "Account '{UserName}' is locked for {Minutes} min after {Count} failed sign-ins from all sources.")]
    private static partial void LogAccountLocked(ILogger logger, string userName, int count, int minutes);
}
