using System.Security.Claims;

namespace SharesConsole.Web.Auth;

/// <summary>The name written to the audit log for whoever made a request.</summary>
public static class Actor
{
    public static string Of(ClaimsPrincipal? user)
    {
        var name = user?.Identity?.IsAuthenticated == true ? user.Identity.Name : null;
        return string.IsNullOrEmpty(name) ? "anonymous" : name;
    }
}
