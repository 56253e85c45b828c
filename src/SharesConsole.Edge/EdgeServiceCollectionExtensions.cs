using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
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
        // Nothing per proxied request by default: YARP's forwarder and ASP.NET Core's hosting write two Information lines
        // per request. A more specific category in configuration (e.g. Logging:LogLevel:Yarp.ReverseProxy.Forwarder) turns
        // them back on. A request YARP could not forward is a Warning of its own each time: the edge logs those itself,
        // throttled (EdgeLog.WebForwardFailed), so a dead node does not write a line per failed request.
        services.AddLogging(logging => logging.AddFilter("Yarp", LogLevel.Warning).AddFilter("Yarp.ReverseProxy.Forwarder", LogLevel.Error)
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning));
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
