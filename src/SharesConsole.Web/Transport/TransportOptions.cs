namespace SharesConsole.Web.Transport;

/// <summary>How the console sits behind TLS and reverse proxies (section <c>Transport</c>).</summary>
public sealed class TransportOptions
{
    public const string SectionName = "Transport";

    /// <summary>
    /// Addresses (<c>10.0.0.5</c>) or networks (<c>10.0.0.0/24</c>) of reverse proxies whose <c>X-Forwarded-For</c>,
    /// <c>-Proto</c> and <c>-Host</c> are believed. Empty (the default): those headers are ignored, from anyone.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>How many trusted proxies in a row may have added to <c>X-Forwarded-For</c>.</summary>
    public int ForwardLimit { get; set; } = 1;

    /// <summary>Send <c>Strict-Transport-Security</c> on HTTPS answers (never on HTTP, nor to localhost).</summary>
    public bool Hsts { get; set; } = true;

    public int HstsMaxAgeDays { get; set; } = 365;

    /// <summary>
    /// Mark the sign-in cookie <c>Secure</c> even on requests that arrive as HTTP: for a proxy that ends TLS but cannot
    /// send <c>X-Forwarded-Proto</c> (browsers then keep the cookie only over HTTPS). Off: the sign-in and form cookies
    /// are <c>Secure</c> whenever the request is HTTPS.
    /// </summary>
    public bool SecureCookiesAlways { get; set; }
}
