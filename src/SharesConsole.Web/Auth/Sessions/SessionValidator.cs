using System.Security.Claims;
using Microsoft.Extensions.Options;
using SharesConsole.Data.Stores;

namespace SharesConsole.Web.Auth.Sessions;

/// <summary>Decides whether a console sign-in is still good, at each request, each circuit revalidation and each console action.</summary>
public interface ISessionValidator
{
    /// <summary>
    /// True when <paramref name="user"/> is not a console sign-in (an API key, a node token, an anonymous viewer: they
    /// are checked elsewhere) or is one whose user still exists with the same session version and role, within the
    /// absolute lifetime.
    /// </summary>
    Task<bool> IsValidAsync(ClaimsPrincipal user, CancellationToken cancellationToken);
}

/// <summary>Checks a cookie sign-in against the user store: one indexed read by name.</summary>
public sealed class SessionValidator(ILocalUserStore users, IOptions<AuthOptions> options, TimeProvider time) : ISessionValidator
{
    public async Task<bool> IsValidAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true || !string.Equals(user.FindFirst(AuthSchemes.MethodClaim)?.Value, "cookie", StringComparison.Ordinal))
        {
            return true;
        }

        // A cookie from before sessions were versioned has neither claim: it ends, and its holder signs in again.
        if (SessionClaims.VersionOf(user) is not { } version || SessionClaims.SignedInAtOf(user) is not { } signedInAt)
        {
            return false;
        }

        if (time.GetUtcNow() - signedInAt >= TimeSpan.FromHours(options.Value.SessionMaxHours))
        {
            return false;
        }

        var stored = user.Identity.Name is { Length: > 0 } name ? await users.FindAsync(name, cancellationToken).ConfigureAwait(false) : null;
        return stored is not null && stored.SessionVersion == version && string.Equals(stored.Role, Principals.HighestRole(user), StringComparison.Ordinal);
    }
}
