using Microsoft.Extensions.DependencyInjection.Extensions;
using Prometheus;
using SharesConsole.ControlPlane.State;
using SharesConsole.Core.State;
using SharesConsole.Edge.Counters;
using SharesConsole.Edge.Dns;
using SharesConsole.Web.Edges;
using SharesConsole.Edge.Transfer.Kernel;

namespace SharesConsole.Web.Metrics;

internal static class MetricsRegistration
{
    public static IServiceCollection AddSharesMetrics(this IServiceCollection services)
    {
        services.TryAddSingleton<DnsQueryCounters>();
        services.TryAddSingleton<IDnsQueryCounter, DnsQueryCounterAdapter>();
        services.TryAddSingleton(sp => new SharesMetrics(
            sp.GetRequiredService<IClusterStateSource>(),
            sp.GetRequiredService<OperationTracker>(),
            sp.GetService<IEdgeCounters>(),
            sp.GetService<IDnsQueryCounter>(),
            sp.GetService<EdgeBoardSource>(),
            sp.GetService<SharesConsole.ControlPlane.Leadership.ILeadership>(),
            sp.GetService<ITransferPathInfo>()));
        return services;
    }

    /// <summary>Prometheus text at /metrics; who may read it is the caller's choice (<c>Api:MetricsAccess</c>).</summary>
    public static IEndpointConventionBuilder MapSharesMetrics(this IEndpointRouteBuilder app)
    {
        var metrics = app.ServiceProvider.GetRequiredService<SharesMetrics>();
        return app.MapMetrics("/metrics", metrics.Registry).ExcludeFromDescription();
    }
}
