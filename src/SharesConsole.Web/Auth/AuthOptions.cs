namespace SharesConsole.Web.Auth;

/// <summary>Console and API authentication (section <c>Auth</c>).</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>First admin's user name; with <see cref="AdminPassword"/> it is created at start when no admin exists.</summary>
    public string? AdminUser { get; set; }

    public string? AdminPassword { get; set; }

    /// <summary>Anonymous read-only access. Unset: on in lab mode when the console listens on loopback only.</summary>
    public bool? AnonymousViewer { get; set; }

    /// <summary>
    /// Failed sign-ins in a row, from all sources together, before the account is locked for <see cref="LockoutMinutes"/>.
    /// Above <see cref="MaxFailedLoginsPerSource"/>, so one source alone cannot lock an account.
    /// </summary>
    public int MaxFailedLogins { get; set; } = 20;

    /// <summary>Failed sign-ins from one address (IPv6: one /64), for any user names, before that address is refused.</summary>
    public int MaxFailedLoginsPerSource { get; set; } = 5;

    /// <summary>How long a locked account stays locked, and how long a refused source must stay quiet.</summary>
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>How long a console sign-in lasts without use (sliding: each use extends it).</summary>
    public int SessionHours { get; set; } = 8;

    /// <summary>How long a console sign-in lasts at most, however busy; then its holder signs in again.</summary>
    public int SessionMaxHours { get; set; } = 24;
}
