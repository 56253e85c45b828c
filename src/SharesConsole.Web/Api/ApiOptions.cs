namespace SharesConsole.Web.Api;

/// <summary>REST API limits (section <c>Api</c>).</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Largest request body accepted under /api (413 above).</summary>
    public long MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Requests per client and minute under /api before 429.</summary>
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>Login attempts per client address and minute before 429.</summary>
    public int LoginsPerMinute { get; set; } = 10;
}
