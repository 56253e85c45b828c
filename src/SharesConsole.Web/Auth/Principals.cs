using System.Security.Claims;

namespace SharesConsole.Web.Auth;

/// <summary>Builds principals with the role and every role it implies, so role checks anywhere work by rank.</summary>
public static class Principals
{
    public static ClaimsPrincipal Create(string name, string role, string scheme, string method, IEnumerable<Claim>? extra = null)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(AuthSchemes.MethodClaim, method) };
        claims.AddRange(RoleRanks.Implied(role).Select(r => new Claim(ClaimTypes.Role, r)));
        if (extra is not null)
        {
            claims.AddRange(extra);
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The highest role the principal holds, or null.</summary>
    public static string? HighestRole(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return RoleRanks.All.LastOrDefault(user.IsInRole);
    }
}
