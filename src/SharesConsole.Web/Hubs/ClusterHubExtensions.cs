namespace SharesConsole.Web.Hubs;

/// <summary>Maps the live cluster hub.</summary>
public static class ClusterHubExtensions
{
    public static IEndpointRouteBuilder MapSharesClusterHub(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        // Read-only, so Viewer (or anonymous when Auth:AnonymousViewer is on); never a node token.
        endpoints.MapHub<ClusterHub>(ClusterHub.Path).RequireAuthorization(Auth.Policies.View);
        return endpoints;
    }
}
