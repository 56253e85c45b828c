using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SharesConsole.ControlPlane.Events.Webhooks;

/// <summary><c>X-SharesConsole-Signature: t=&lt;unix&gt;,v1=&lt;hex HMAC-SHA256 of "t.body"&gt;</c>.</summary>
public static class WebhookSignature
{
    public const string Header = "X-SharesConsole-Signature";

    /// <summary>How far a signature's time may be from the receiver's clock, either way, unless the receiver says otherwise.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    public static string Create(string secret, long unixSeconds, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var t = unixSeconds.ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(t + "." + body));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>
    /// Checks a header value against the body (what a receiver does); constant-time compare. A signature made more than
    /// <paramref name="tolerance"/> (default <see cref="DefaultTolerance"/>) before or after <paramref name="now"/> is
    /// refused, so a captured request cannot be replayed later; a retried delivery is signed anew at every attempt.
    /// </summary>
    public static bool Verify(string secret, string header, string body, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).DistinctBy(p => p[0]).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var unix) || !parts.TryGetValue("v1", out var v1))
        {
            return false;
        }

        var limit = tolerance ?? DefaultTolerance;
        if (unix > DateTimeOffset.MaxValue.ToUnixTimeSeconds() || (now - DateTimeOffset.FromUnixTimeSeconds(unix)).Duration() > limit)
        {
            return false;
        }

        var expected = Create(secret, unix, body);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes($"t={t},v1={v1}"));
    }

    public static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
