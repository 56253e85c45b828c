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

    /// <summary>Failed logins in a row before the account is locked.</summary>
    public int MaxFailedLogins { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;

    /// <summary>How long a console sign-in lasts (sliding).</summary>
    public int SessionHours { get; set; } = 8;
}
