using Microsoft.AspNetCore.Authorization;

namespace SharesConsole.Web.Auth;

/// <summary>Demands a role at least as high as <see cref="Role"/>; Viewer may be satisfied anonymously.</summary>
public sealed class MinimumRoleRequirement(string role) : IAuthorizationRequirement
{
    public string Role { get; } = role;
}

/// <summary>Checks <see cref="MinimumRoleRequirement"/> against the caller's role claims.</summary>
public sealed class MinimumRoleHandler(AnonymousAccess anonymous) : AuthorizationHandler<MinimumRoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, MinimumRoleRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        var needed = RoleRanks.Of(requirement.Role);
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true)
        {
            if (RoleRanks.All.Any(r => RoleRanks.Of(r) >= needed && user.IsInRole(r)))
            {
                context.Succeed(requirement);
            }
        }
        else if (needed == RoleRanks.Of(Roles.Viewer) && anonymous.Enabled && !PresentedCredentials(context.Resource))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    // A caller that sent a credential which failed (revoked, expired or unknown key; a node token, which is good for
    // the agent hub only) is refused, not treated as anonymous.
    private static bool PresentedCredentials(object? resource) =>
        resource is HttpContext http && (http.Request.Headers.ContainsKey(AuthSchemes.ApiKeyHeader)
            || http.Request.Headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.Authorization)
            || http.Request.Headers.ContainsKey(Core.Agents.AgentHubProtocol.TokenHeader));
}
