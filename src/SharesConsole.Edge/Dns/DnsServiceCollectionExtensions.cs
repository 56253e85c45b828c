using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SharesConsole.Edge.Dns.Transport;
using SharesConsole.Edge.Dns.Zone;

namespace SharesConsole.Edge.Dns;

public static class DnsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the authoritative DNS responder (options from section <c>Dns</c>, validated at start) as a hosted service.
    /// The host registers <c>IClusterTopologySource</c> and <c>INodeHealthSource</c>.
    /// </summary>
    public static IServiceCollection AddSharesDns(this IServiceCollection services, IConfiguration configuration)
    {
        AddDnsParts(services, configuration);
        services.AddHostedService(sp => sp.GetRequiredService<DnsHostedService>());
        return services;
    }

    /// <summary>The responder without its hosted service: the edge process starts it once it has a configuration.</summary>
    internal static void AddDnsParts(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DnsOptions>().Bind(configuration.GetSection(DnsOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DnsOptions>, DnsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DnsQueryCounters>();
        services.TryAddSingleton<DnsResponder>();
        services.TryAddSingleton<DnsHostedService>();
    }
}
