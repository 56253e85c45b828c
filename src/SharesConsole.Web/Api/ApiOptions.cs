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

    /// <summary>Who reads <c>/metrics</c>: <see cref="EndpointAccess.Anonymous"/> (default, any scraper) or <see cref="EndpointAccess.Authenticated"/>.</summary>
    public string MetricsAccess { get; set; } = EndpointAccess.Anonymous;

    /// <summary>Who reads <c>/openapi/v1.json</c> and the reference page <c>/scalar/v1</c>; the same two values.</summary>
    public string ReferenceAccess { get; set; } = EndpointAccess.Anonymous;
}

/// <summary>Values of <see cref="ApiOptions.MetricsAccess"/> and <see cref="ApiOptions.ReferenceAccess"/>.</summary>
public static class EndpointAccess
{
    public const string Anonymous = "Anonymous";

    /// <summary>A signed-in user or an API key, any role; the anonymous viewer is not enough.</summary>
    public const string Authenticated = "Authenticated";

    public static bool IsValid(string? value) =>
        string.Equals(value, Anonymous, StringComparison.OrdinalIgnoreCase) || string.Equals(value, Authenticated, StringComparison.OrdinalIgnoreCase);
}
