using Microsoft.Extensions.DependencyInjection.Extensions;
using SharesConsole.Web.Cluster;
using SharesConsole.Web.Hubs;

namespace SharesConsole.Web.Live;

/// <summary>Registration of what the console pages and the cluster hub need beyond the cluster state itself.</summary>
public static class ConsoleUiServiceCollectionExtensions
{
    public static IServiceCollection AddSharesConsoleUi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ILabControl, NoLabControl>();
        services.TryAddSingleton<TrafficMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<TrafficMonitor>());
        services.TryAddSingleton<ProbeHistory>();
        services.AddHostedService(sp => sp.GetRequiredService<ProbeHistory>());
        services.TryAddSingleton<RecentEvents>();
        services.AddHostedService(sp => sp.GetRequiredService<RecentEvents>());
        services.TryAddSingleton<IEventHistory>(sp => sp.GetRequiredService<RecentEvents>());
        services.TryAddSingleton<OperationJournal>();
        services.AddHostedService(sp => sp.GetRequiredService<OperationJournal>());
        services.AddCascadingAuthenticationState();
        services.AddSignalR();
        services.AddHostedService<ClusterHubPublisher>();
        return services;
    }
}
