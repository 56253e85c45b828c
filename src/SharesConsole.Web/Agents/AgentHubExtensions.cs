using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SharesConsole.Core.Agents;

namespace SharesConsole.Web.Agents;

public static class AgentHubExtensions
{
    /// <summary>
    /// SignalR, the <see cref="AgentRegistry"/>, an in-memory <see cref="INodeTokenValidator"/> (replace by registering
    /// your own first), acks from <c>IClusterTopologySource</c>, and the bridge into <c>AgentReportStore</c>.
    /// </summary>
    public static IServiceCollection AddSharesAgentHub(this IServiceCollection services)
    {
        // Commands are sent from outside hub methods and replies arrive as separate invocations, so no hub method
        // ever waits on a client; a few parallel invocations keep one slow heartbeat from delaying a reply.
        services.AddSignalR().AddHubOptions<AgentHub>(hub =>
        {
            hub.MaximumParallelInvocationsPerClient = 4;
            hub.MaximumReceiveMessageSize = 1024 * 1024;
        });
        services.AddOptions<AgentHubOptions>().BindConfiguration(AgentHubOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AgentRegistry>();
        services.TryAddSingleton<InMemoryNodeTokenValidator>();
        services.TryAddSingleton<INodeTokenValidator>(sp => sp.GetRequiredService<InMemoryNodeTokenValidator>());
        services.TryAddSingleton<IHeartbeatAcknowledger, TopologyHeartbeatAcknowledger>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AgentReportBridge>());
        return services;
    }

    /// <summary>Maps <see cref="AgentHub"/> at <c>/hubs/agents</c>.</summary>
    public static HubEndpointConventionBuilder MapSharesAgentHub(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHub<AgentHub>(AgentHubProtocol.Path);
}
