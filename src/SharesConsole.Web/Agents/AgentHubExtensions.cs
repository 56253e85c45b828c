using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.Core.Agents;
using SharesConsole.Web.Agents.Authentication;

namespace SharesConsole.Web.Agents;

public static class AgentHubExtensions
{
    /// <summary>
    /// SignalR, the <see cref="AgentRegistry"/>, the node-token scheme and policy of the hub, an in-memory
    /// <see cref="INodeTokenValidator"/> and <see cref="INodeTokenIssuer"/> (the control plane registers the database-backed
    /// ones first), acks from <c>IClusterTopologySource</c>, and the bridge into <c>AgentReportStore</c>.
    /// </summary>
    public static IServiceCollection AddSharesAgentHub(this IServiceCollection services)
    {
        // Commands are sent from outside hub methods and replies arrive as separate invocations, so no hub method
        // ever waits on a client; a few parallel invocations keep one slow heartbeat from delaying a reply.
        services.AddSignalR().AddHubOptions<AgentHub>(hub =>
        {
            hub.MaximumParallelInvocationsPerClient = 4;
            hub.MaximumReceiveMessageSize = 1024 * 1024;
            // A ping every second however quiet the node: an agent given several control planes takes a silent one
            // (paused, or cut off behind a connection that stays open) for gone after its ServerTimeout and moves on.
            hub.KeepAliveInterval = AgentHubProtocol.KeepAlive;
        });
        services.AddOptions<AgentHubOptions>().BindConfiguration(AgentHubOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AgentRegistry>();
        services.TryAddSingleton<LeaseGrants>();
        services.TryAddSingleton<IHeartbeatAcknowledger, HeartbeatAcknowledger>();
        services.TryAddSingleton<IAgentCommandSender>(sp => sp.GetRequiredService<AgentRegistry>());
        services.TryAddSingleton<InMemoryNodeTokenValidator>();
        services.TryAddSingleton<INodeTokenValidator>(sp => sp.GetRequiredService<InMemoryNodeTokenValidator>());
        services.TryAddSingleton<INodeTokenIssuer>(sp => sp.GetRequiredService<InMemoryNodeTokenValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AgentReportBridge>());
        AddNodeTokenAuthentication(services);
        return services;
    }

    /// <summary>Maps <see cref="AgentHub"/> at <c>/hubs/agents</c>, open to node tokens only.</summary>
    public static HubEndpointConventionBuilder MapSharesAgentHub(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHub<AgentHub>(AgentHubProtocol.Path).RequireAuthorization(NodeTokenDefaults.Policy);

    private static void AddNodeTokenAuthentication(IServiceCollection services)
    {
        // AddSharesAgentHub may run more than once (control plane and lab fleet); a scheme may be added only once.
        if (services.Any(d => d.ServiceType == typeof(NodeTokenAuthenticationHandler)))
        {
            return;
        }

        services.TryAddSingleton(sp => new NodeTokenRejections(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, NodeTokenAuthenticationHandler>(NodeTokenDefaults.Scheme, _ => { });
        services.AddAuthorizationBuilder().AddPolicy(NodeTokenDefaults.Policy, policy => policy
            .AddAuthenticationSchemes(NodeTokenDefaults.Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(NodeTokenDefaults.NodeClaim));
    }
}
