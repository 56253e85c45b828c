using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Configuration;
using SharesConsole.Edge.Counters;
using SharesConsole.Edge.Drain;
using SharesConsole.Edge.Health;
using SharesConsole.Edge.Hosting;
using SharesConsole.Edge.Pools;
using SharesConsole.Edge.Remote;
using SharesConsole.Edge.Transfer;
using SharesConsole.Edge.Transfer.Kernel;
using SharesConsole.Edge.Web;

namespace SharesConsole.Edge;

/// <summary>Registration of the edge (load balancer data plane).</summary>
public static class EdgeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the edge as a hosted service: web proxy, SSH/FASP forwarders, health probes, drain and counters.
    /// The host must register <see cref="IClusterTopologySource"/>. Exposes <see cref="INodeHealthSource"/>, <see cref="IEdgeCounters"/> and <see cref="ITransferPathInfo"/>.
    /// </summary>
    public static IServiceCollection AddSharesEdge(this IServiceCollection services, IConfiguration configuration)
    {
        AddEdgeParts(services, configuration);
        services.AddHostedService(sp => sp.GetRequiredService<EdgeService>());
        return services;
    }

    /// <summary>
    /// Adds the edge as its own process (the <c>SharesConsole.Edge</c> executable): configured by a control plane over
    /// <c>/hubs/edges</c> (section <c>EdgeHost</c>), serving from its snapshot file until the control plane answers, with
    /// the DNS responder. Registers <see cref="IClusterTopologySource"/> itself.
    /// </summary>
    public static IServiceCollection AddSharesRemoteEdge(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EdgeHostOptions>().Bind(configuration.GetSection(EdgeHostOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EdgeHostOptions>, EdgeHostOptionsValidator>());
        services.TryAddSingleton<RemoteTopologySource>();
        services.TryAddSingleton<IClusterTopologySource>(sp => sp.GetRequiredService<RemoteTopologySource>());
        AddEdgeParts(services, configuration);
        Dns.DnsServiceCollectionExtensions.AddDnsParts(services, configuration);
        services.TryAddSingleton<ControlPlaneClient>();
        services.AddHostedService<RemoteEdgeRunner>();
        return services;
    }

    private static void AddEdgeParts(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EdgeOptions>().Bind(configuration.GetSection(EdgeOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EdgeOptions>, EdgeOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EdgeCounters>();
        services.TryAddSingleton<IEdgeCounters>(sp => sp.GetRequiredService<EdgeCounters>());
        services.TryAddSingleton<IHealthProbe, NodeProbe>();
        services.TryAddSingleton<NodeHealthMonitor>();
        services.TryAddSingleton<INodeHealthSource>(sp => sp.GetRequiredService<NodeHealthMonitor>());
        services.TryAddSingleton(sp => new EdgePools(
            sp.GetRequiredService<IClusterTopologySource>(), sp.GetRequiredService<NodeHealthMonitor>(), sp.GetRequiredService<EdgeCounters>()));
        services.TryAddSingleton<DrainRegistry>();
        services.TryAddSingleton<TransferContext>();
        services.TryAddSingleton<TransferListeners>();
        services.TryAddSingleton<IKernelCommands, ProcessKernelCommands>();
        services.TryAddSingleton<TransferPaths>();
        services.TryAddSingleton<ITransferPathInfo>(sp => sp.GetRequiredService<TransferPaths>());
        services.TryAddSingleton<WebProxyServer>();
        services.TryAddSingleton<EdgeService>();
    }
}
