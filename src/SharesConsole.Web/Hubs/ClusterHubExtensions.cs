namespace SharesConsole.Web.Hubs;

/// <summary>Maps the live cluster hub.</summary>
public static class ClusterHubExtensions
{
    public static IEndpointRouteBuilder MapSharesClusterHub(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapHub<ClusterHub>(ClusterHub.Path);
        return endpoints;
    }
}
