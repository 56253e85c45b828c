using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SharesConsole.Lab;

public static class LabAgentFleetExtensions
{
    /// <summary>
    /// Runs one embedded agent per topology node (lab stand-ins on each node's address) once the host listens,
    /// with tokens from <see cref="LabNodeTokens"/>. The host registers the agent hub first; in lab mode only.
    /// </summary>
    public static IServiceCollection AddSharesLabAgents(this IServiceCollection services)
    {
        services.TryAddSingleton<LabNodeTokens>();
        services.TryAddSingleton<LabAgentFleet>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LabAgentFleet>(sp => sp.GetRequiredService<LabAgentFleet>()));
        return services;
    }
}
