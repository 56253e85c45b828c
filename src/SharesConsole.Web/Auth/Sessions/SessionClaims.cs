using System.Globalization;
using System.Security.Claims;

namespace SharesConsole.Web.Auth.Sessions;

/// <summary>What a console sign-in carries besides name and role: the user's session version and when it began.</summary>
public static class SessionClaims
{
    /// <summary>The user's <c>SessionVersion</c> at sign-in; a raised version ends the session.</summary>
    public const string Version = "sc:sv";

    /// <summary>Unix seconds of the sign-in; the absolute lifetime (<c>Auth:SessionMaxHours</c>) counts from it.</summary>
    public const string SignedInAt = "sc:since";

    public static IEnumerable<Claim> Create(int version, DateTimeOffset signedInAt) =>
    [
        new(Version, version.ToString(CultureInfo.InvariantCulture)),
        new(SignedInAt, signedInAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
    ];

    public static int? VersionOf(ClaimsPrincipal user) =>
        int.TryParse(user.FindFirst(Version)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    public static DateTimeOffset? SignedInAtOf(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirst(SignedInAt)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? DateTimeOffset.FromUnixTimeSeconds(s) : null;
}
