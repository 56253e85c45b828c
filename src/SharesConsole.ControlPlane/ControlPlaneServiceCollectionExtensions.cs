using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.ControlPlane.Configuration;
using SharesConsole.ControlPlane.Events;
using SharesConsole.ControlPlane.Events.Webhooks;
using SharesConsole.ControlPlane.Failover;
using SharesConsole.ControlPlane.Leadership;
using SharesConsole.ControlPlane.Placement;
using SharesConsole.ControlPlane.State;
using SharesConsole.Core.Catalog;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane;

/// <summary>
/// Registers the runtime that decides: cluster state, the failover monitor and coordinator, the placement
/// reconciler, the event log and webhook delivery from it, and node tokens. The host adds an
/// <see cref="IAgentCommandSender"/> (the agent hub), an <see cref="INodeHealthSource"/> (the edge's probes), an
/// <see cref="IWebhookDeliveryQueue"/> (its job queue) and its scheduled jobs.
/// </summary>
public static class ControlPlaneServiceCollectionExtensions
{
    public static IServiceCollection AddSharesControlPlane(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LabOptions>().Bind(configuration.GetSection(LabOptions.SectionName));
        services.AddOptions<ClusterOptions>().Bind(configuration.GetSection(ClusterOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterOptions>, ClusterOptionsValidator>());
        services.AddOptions<ControlPlaneOptions>().Bind(configuration.GetSection(ControlPlaneOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ControlPlaneOptions>, ControlPlaneOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        AddLeadership(services, configuration);

        // State: the topology, catalog, agent reports and operations the cluster state is built from.
        services.TryAddSingleton(sp => new TopologyCell(new InMemoryTopologySource(ConfiguredTopology(sp))));
        services.TryAddSingleton<IClusterTopologySource>(sp => sp.GetRequiredService<TopologyCell>().Source);
        services.TryAddSingleton(sp => new CatalogHolder(
            sp.GetRequiredService<IOptions<LabOptions>>().Value.Enabled ? Core.Lab.LabDefaults.Catalog : ServiceCatalog.Default));
        services.TryAddSingleton<AgentReportStore>();
        services.TryAddSingleton<OperationTracker>();
        services.TryAddSingleton(sp => new ClusterStatePublisher(InitialState(sp)));
        services.TryAddSingleton<IClusterStateSource>(sp => sp.GetRequiredService<ClusterStatePublisher>());
        services.TryAddSingleton<IClusterCommands, ClusterCommands>();
        services.TryAddSingleton<ClusterStateRefresher>();
        services.TryAddSingleton(sp => new ClusterStore(
            sp.GetRequiredService<Data.Stores.ClusterRepository>(),
            sp.GetRequiredService<TopologyCell>(),
            sp.GetRequiredService<CatalogHolder>(),
            sp.GetRequiredService<AgentReportStore>(),
            sp.GetRequiredService<OperationTracker>(),
            sp.GetRequiredService<ClusterStateRefresher>(),
            sp.GetRequiredService<IEventRecorder>(),
            sp.GetRequiredService<ILogger<ClusterStore>>())
        {
            Fence = () => sp.GetRequiredService<ILeadership>().Fence,
        });
        services.AddHostedService(sp => sp.GetRequiredService<ClusterStateRefresher>());
        services.AddHostedService<ClusterBootstrapper>();

        // Events.
        services.TryAddSingleton<ClusterEventFeed>();
        services.TryAddSingleton<IClusterEventFeed>(sp => sp.GetRequiredService<ClusterEventFeed>());
        services.TryAddSingleton<IEventRecorder, DatabaseEventRecorder>();
        services.AddHostedService<VerdictEventEmitter>();
        services.AddHostedService<FencingEventEmitter>();
        services.AddHostedService<StorageEventEmitter>();
        services.AddSharesWebhooks(configuration);

        // Agents: node tokens and heartbeat acknowledgement (the transport is the host's).
        services.TryAddSingleton<DatabaseNodeTokens>();
        services.TryAddSingleton<INodeTokenValidator>(sp => sp.GetRequiredService<DatabaseNodeTokens>());
        services.TryAddSingleton<INodeTokenIssuer>(sp => sp.GetRequiredService<DatabaseNodeTokens>());
        services.TryAddSingleton<LeaseGrants>();
        services.TryAddSingleton<IHeartbeatAcknowledger, HeartbeatAcknowledger>();

        // Failover: the monitor decides, the coordinator runs operations in this process.
        services.TryAddSingleton<OperationGates>();
        services.TryAddSingleton<AgentFailoverActions>();
        services.TryAddTransient<OperationRunner>();
        services.TryAddTransient<IOperationRunner>(sp => sp.GetRequiredService<OperationRunner>());
        services.TryAddSingleton<OperationCoordinator>();
        services.AddHostedService(sp => sp.GetRequiredService<OperationCoordinator>());
        services.TryAddSingleton<FailoverEngine>();
        services.TryAddSingleton<IOperationLauncher>(sp => sp.GetRequiredService<FailoverEngine>());
        services.TryAddSingleton<FailoverMonitor>();
        services.TryAddSingleton<IServiceGaveUpReporter>(sp => sp.GetRequiredService<FailoverMonitor>());
        services.AddHostedService(sp => sp.GetRequiredService<FailoverMonitor>());

        // Placement.
        services.TryAddSingleton<PlacementReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<PlacementReconciler>());
        return services;
    }

    /// <summary>
    /// <see cref="ILeadership"/>: the leader election on the database when <c>ControlPlane:Leadership:Enabled</c>, otherwise the
    /// one instance is the leader. The host starts the election's hosted service itself, after the database is migrated and
    /// after gating its other hosted services on leadership (<see cref="LeaderOnlyServices"/>).
    /// </summary>
    private static void AddLeadership(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LeadershipOptions>().Bind(configuration.GetSection(LeadershipOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LeadershipOptions>, LeadershipOptionsValidator>());
        if (configuration.GetValue<bool>($"{LeadershipOptions.SectionName}:Enabled"))
        {
            services.TryAddSingleton<LeaderElection>();
            services.TryAddSingleton<ILeadership>(sp => sp.GetRequiredService<LeaderElection>());
        }
        else
        {
            services.TryAddSingleton<ILeadership, SingleInstanceLeadership>();
        }
    }

    private static ClusterState InitialState(IServiceProvider sp) => ClusterStateBuilder.Build(
        0,
        sp.GetRequiredService<TimeProvider>().GetUtcNow(),
        sp.GetRequiredService<IClusterTopologySource>().Current,
        sp.GetRequiredService<CatalogHolder>().Current,
        new Dictionary<string, AgentReport>(),
        sp.GetRequiredService<INodeHealthSource>(),
        TimeSpan.FromMilliseconds(sp.GetRequiredService<IOptions<ControlPlaneOptions>>().Value.HeartbeatTimeoutMs));

    private static ClusterTopology ConfiguredTopology(IServiceProvider sp)
    {
        var errors = new List<string>();
        var lab = sp.GetRequiredService<IOptions<LabOptions>>().Value;
        var topology = ClusterConfiguration.TryBuild(sp.GetRequiredService<IOptions<ClusterOptions>>().Value, lab.Enabled, errors);
        return topology ?? throw new OptionsValidationException(ClusterOptions.SectionName, typeof(ClusterOptions), errors);
    }
}
