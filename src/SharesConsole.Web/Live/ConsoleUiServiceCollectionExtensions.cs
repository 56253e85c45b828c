using Microsoft.Extensions.DependencyInjection.Extensions;
using SharesConsole.ControlPlane.State;
using SharesConsole.Data.Stores;
using SharesConsole.Web.Hubs;
using SharesConsole.Web.Leadership;

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
        // With the database registered, history outlives a restart; the in-memory buffers only serve without it.
        services.TryAddSingleton<IEventHistory>(sp => sp.GetService<EventStore>() is { } events
            ? new DatabaseEventHistory(events)
            : sp.GetRequiredService<RecentEvents>());
        services.TryAddSingleton<IOperationHistory>(sp => sp.GetService<OperationStore>() is { } operations
            ? new DatabaseOperationHistory(operations)
            : new NoOperationHistory());
        services.TryAddSingleton<ITrafficHistory>(sp => sp.GetService<TrafficStore>() is { } traffic
            ? new DatabaseTrafficHistory(traffic)
            : new NoTrafficHistory());
        services.TryAddSingleton<IControlPlaneRoster>(sp => sp.GetService<LeaderLeaseStore>() is { } leases
            ? new DatabaseControlPlaneRoster(leases)
            : new NoControlPlaneRoster());
        services.TryAddSingleton<LeadershipBoard>();
        services.AddCascadingAuthenticationState();
        services.AddSignalR();
        services.AddHostedService<ClusterHubPublisher>();
        return services;
    }
}
