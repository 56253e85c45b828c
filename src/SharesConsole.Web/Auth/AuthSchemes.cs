namespace SharesConsole.Web.Auth;

/// <summary>
/// Authentication scheme names. <see cref="Default"/> forwards to <see cref="ApiKey"/> when the
/// request carries an <c>X-Api-Key</c> header and to <see cref="Cookie"/> otherwise.
/// </summary>
public static class AuthSchemes
{
    public const string Default = "SharesConsole";
    public const string Cookie = "SharesConsole.Cookie";
    public const string ApiKey = "SharesConsole.ApiKey";
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>Claim naming how the caller authenticated: "cookie" or "api-key".</summary>
    public const string MethodClaim = "sc:auth";
}
