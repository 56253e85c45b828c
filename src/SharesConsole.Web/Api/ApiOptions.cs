namespace SharesConsole.Web.Api;

/// <summary>REST API limits (section <c>Api</c>).</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Largest request body accepted under /api (413 above).</summary>
    public long MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Requests per client and rate-limit window (a minute unless <see cref="RateLimitWindow"/> says otherwise) under /api before 429.</summary>
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>Login attempts per client address and rate-limit window before 429.</summary>
    public int LoginsPerMinute { get; set; } = 10;

    /// <summary>Length of the fixed rate-limit window.</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);
}
