using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SharesConsole.Edge.Remote;

namespace SharesConsole.Web.Edges;

public static class EdgeHubExtensions
{
    /// <summary>The edge hub, its token scheme and policy, the registry of edges, the configuration publisher, the edge monitor, the enrolled edges and the Edges page's feed.</summary>
    public static IServiceCollection AddSharesEdgeHub(this IServiceCollection services)
    {
        services.AddSignalR().AddHubOptions<EdgeHub>(hub =>
        {
            hub.MaximumReceiveMessageSize = 1024 * 1024;
            hub.KeepAliveInterval = SharesConsole.Core.Agents.AgentHubProtocol.KeepAlive;   // as for agents: a silent control plane shows
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EdgeRegistry>();
        services.TryAddSingleton<EdgeConfigPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<EdgeConfigPublisher>());
        services.AddHostedService<EdgeMonitor>();
        services.TryAddSingleton<IEdgeDirectory, EdgeDirectory>();
        services.TryAddSingleton<EdgeBoardSource>();
        services.TryAddSingleton(sp => new EdgeTokenRejections(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, EdgeTokenAuthenticationHandler>(EdgeTokenDefaults.Scheme, _ => { });
        services.AddAuthorizationBuilder().AddPolicy(EdgeTokenDefaults.Policy, policy => policy
            .AddAuthenticationSchemes(EdgeTokenDefaults.Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(EdgeTokenDefaults.EdgeClaim));
        return services;
    }

    /// <summary>Maps <see cref="EdgeHub"/> at <c>/hubs/edges</c>, open to edge tokens only.</summary>
    public static HubEndpointConventionBuilder MapSharesEdgeHub(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHub<EdgeHub>(EdgeHubProtocol.Path).RequireAuthorization(EdgeTokenDefaults.Policy);
}
