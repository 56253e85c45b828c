using Microsoft.Extensions.DependencyInjection.Extensions;

using SharesConsole.ControlPlane.Agents;
using SharesConsole.ControlPlane.State;

namespace SharesConsole.Web.Agents.Lab;

public static class LabAgentFleetExtensions
{
    /// <summary>
    /// Runs one embedded agent per topology node (lab stand-ins on each node's address) once the host listens,
    /// with tokens from <see cref="LabNodeTokens"/>. Call after <see cref="AgentHubExtensions.AddSharesAgentHub"/>, in lab mode only.
    /// </summary>
    public static IServiceCollection AddSharesLabAgents(this IServiceCollection services)
    {
        services.AddSharesAgentHub();
        services.TryAddSingleton<LabNodeTokens>();
        services.TryAddSingleton<LabAgentFleet>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LabAgentFleet>(sp => sp.GetRequiredService<LabAgentFleet>()));
        return services;
    }
}
