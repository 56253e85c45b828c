using Microsoft.Extensions.DependencyInjection.Extensions;
using SharesConsole.Web.Agents;
using SharesConsole.Web.Agents.Lab;
using SharesConsole.Web.Cluster;
using SharesConsole.Web.Configuration;
using SharesConsole.Web.Lab;

namespace SharesConsole.Web.ControlPlane;

/// <summary>Registers the failover engine, reconciler, monitors, agent hub and (in lab mode) the embedded lab nodes.</summary>
public static class ControlPlaneExtensions
{
    public static IServiceCollection AddSharesControlPlane(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton<DatabaseNodeTokens>();
        services.TryAddSingleton<INodeTokenValidator>(sp => sp.GetRequiredService<DatabaseNodeTokens>());
        services.TryAddSingleton<INodeTokenIssuer>(sp => sp.GetRequiredService<DatabaseNodeTokens>());
        services.AddSharesAgentHub();
        services.TryAddSingleton<OperationGates>();
        services.TryAddSingleton<AgentFailoverActions>();
        services.TryAddTransient<OperationRunner>();
        services.TryAddTransient<IOperationRunner>(sp => sp.GetRequiredService<OperationRunner>());
        services.TryAddSingleton<OperationCoordinator>();
        services.AddHostedService(sp => sp.GetRequiredService<OperationCoordinator>());
        services.TryAddSingleton<FailoverEngine>();
        services.TryAddSingleton<IOperationLauncher>(sp => sp.GetRequiredService<FailoverEngine>());
        services.TryAddSingleton<IEventRecorder, DatabaseEventRecorder>();
        services.TryAddSingleton<FailoverMonitor>();
        services.TryAddSingleton<IServiceGaveUpReporter>(sp => sp.GetRequiredService<FailoverMonitor>());
        services.TryAddSingleton<PlacementReconciler>();
        services.AddHostedService<ClusterBootstrapper>();
        services.AddHostedService(sp => sp.GetRequiredService<FailoverMonitor>());
        services.AddHostedService(sp => sp.GetRequiredService<PlacementReconciler>());
        services.AddHostedService<VerdictEventEmitter>();
        services.TryAddSingleton<TrafficRollup>();
        services.TryAddSingleton<DeepHealthCheck>();
        services.TryAddSingleton<FailoverDrill>();
        services.TryAddSingleton<ScheduledSwitchovers>();
        services.TryAddSingleton<ISwitchoverSchedule>(sp => sp.GetRequiredService<ScheduledSwitchovers>());
        services.TryAddTransient<ScheduledSwitchoverJob>();
        services.AddHostedService<RecurringJobsRegistrar>();

        var lab = configuration.GetSection(LabOptions.SectionName).Get<LabOptions>() ?? new LabOptions();
        if (lab.Enabled && lab.Agents)
        {
            services.AddSharesLabAgents();
            services.AddSingleton<ILabControl, LabControl>();
        }

        return services;
    }
}
