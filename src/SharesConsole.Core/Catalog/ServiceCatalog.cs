using System.Collections.Immutable;

namespace SharesConsole.Core.Catalog;

/// <summary>The immutable, validated list of services a Shares cluster runs.</summary>
public sealed class ServiceCatalog
{
    public const string CrondNote =
        "The Shares HA guide's table labels crond active/active but places it on the active node only, " +
        "and its text lists crond with the active-only services; SharesConsole runs it as active/passive. Editable.";

    private ServiceCatalog(ImmutableArray<ServiceDefinition> services) => Services = services;

    /// <summary>Every service, ordered by start order then name.</summary>
    public ImmutableArray<ServiceDefinition> Services { get; }

    /// <summary>Active/passive services in the order they start on the active node.</summary>
    public IEnumerable<ServiceDefinition> ActivePassiveStartOrder =>
        Services.Where(s => s.Kind == ServiceKind.ActivePassive);

    /// <summary>Active/passive services in the order they stop (reverse of start).</summary>
    public IEnumerable<ServiceDefinition> ActivePassiveStopOrder => ActivePassiveStartOrder.Reverse();

    public ServiceDefinition? Find(string name) =>
        Services.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Validates and orders the services; throws <see cref="CatalogException"/> listing every problem.</summary>
    public static ServiceCatalog Create(IEnumerable<ServiceDefinition> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var list = services.ToList();
        var errors = new List<string>();
        if (list.Count == 0)
        {
            errors.Add("The service catalog is empty: at least one service is required.");
        }

        foreach (var group in list.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            errors.Add($"Service '{group.Key}' is defined {group.Count()} times; names must be unique.");
        }

        foreach (var service in list)
        {
            if (string.IsNullOrWhiteSpace(service.Name))
            {
                errors.Add("A service has an empty name.");
            }

            if (service.Probe.Kind is ProbeKind.HttpGet or ProbeKind.TcpConnect && service.Probe.Port is null or < 1 or > 65535)
            {
                errors.Add($"Service '{service.Name}': a {service.Probe.Kind} probe needs a port between 1 and 65535.");
            }
        }

        if (errors.Count > 0)
        {
            throw new CatalogException(errors);
        }

        return new ServiceCatalog([.. list.OrderBy(s => s.StartOrder).ThenBy(s => s.Name, StringComparer.Ordinal)]);
    }

    /// <summary>The seven services of a Shares node, as DESIGN.md lists them.</summary>
    public static ServiceCatalog Default { get; } = Create(
    [
        new() { Name = "nginx", Kind = ServiceKind.ActiveActive, StartOrder = 10, Probe = ProbeDefinition.Http(443, "/", tls: true) },
        new() { Name = "asperahttpd", Kind = ServiceKind.ActiveActive, StartOrder = 20, Probe = ProbeDefinition.Tcp(8443, fallbackPort: 8080) },
        new() { Name = "asperanoded", Kind = ServiceKind.ActiveActive, StartOrder = 30, Probe = ProbeDefinition.Http(9092, "/ping", tls: true, fallbackPort: 9091, expectEmptyBody: true) },
        new() { Name = "mysqld", Kind = ServiceKind.ActivePassive, StartOrder = 100, Probe = ProbeDefinition.Tcp(3306), SecondaryProbe = ProbeDefinition.Process() },
        new() { Name = "crond", Kind = ServiceKind.ActivePassive, StartOrder = 110, Probe = ProbeDefinition.Process(), Note = CrondNote },
        new() { Name = "stats-collector", Kind = ServiceKind.ActivePassive, StartOrder = 120, Probe = ProbeDefinition.Process() },
        new() { Name = "shares-background", Kind = ServiceKind.ActivePassive, StartOrder = 130, Probe = ProbeDefinition.Process() },
    ]);
}
