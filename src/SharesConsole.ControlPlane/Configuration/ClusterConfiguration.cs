using System.Collections.Immutable;
using System.Net;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Lab;

namespace SharesConsole.ControlPlane.Configuration;

/// <summary>Turns <see cref="ClusterOptions"/> into a <see cref="ClusterTopology"/>, collecting every error with its key.</summary>
public static class ClusterConfiguration
{
    private const string S = ClusterOptions.SectionName;

    public static ClusterTopology? TryBuild(ClusterOptions o, bool labEnabled, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        if (!Enum.TryParse<ArchitectureType>(o.Architecture, ignoreCase: true, out var architecture) || !Enum.IsDefined(architecture))
        {
            errors.Add($"{S}:Architecture '{o.Architecture}' is not valid: use RedirectAll or WebOnly.");
        }

        var vip = Address($"{S}:Vip", o.Vip, errors);
        Fqdn($"{S}:WebFqdn", o.WebFqdn, errors);
        Fqdn($"{S}:TransferFqdn", o.TransferFqdn, errors);
        Fqdn($"{S}:DnsZone", o.DnsZone, errors);
        if (!string.IsNullOrEmpty(o.TransferFqdn) && !string.IsNullOrEmpty(o.DnsZone) &&
            !HostNames.IsInZone(o.TransferFqdn, o.DnsZone))
        {
            errors.Add($"{S}:TransferFqdn '{o.TransferFqdn}' must be inside {S}:DnsZone '{o.DnsZone}'.");
        }

        Range($"{S}:DnsTtlSeconds", o.DnsTtlSeconds, 1, 86400, errors);
        Port($"{S}:WebPort", o.WebPort, errors);
        if (o.WebTlsPort != 0)
        {
            Port($"{S}:WebTlsPort", o.WebTlsPort, errors);
        }

        Port($"{S}:SshPort", o.SshPort, errors);
        Port($"{S}:FaspPort", o.FaspPort, errors);
        Port($"{S}:DnsPort", o.DnsPort, errors);
        var faspEnd = o.FaspRangeEnd ?? o.FaspPort;
        if (faspEnd < o.FaspPort || faspEnd > 65535)
        {
            errors.Add($"{S}:FaspRangeEnd {faspEnd} must be between {S}:FaspPort ({o.FaspPort}) and 65535.");
        }

        Range($"{S}:HealthIntervalMs", o.HealthIntervalMs, 50, 600_000, errors);
        Range($"{S}:HealthFall", o.HealthFall, 1, 100, errors);
        Range($"{S}:HealthRise", o.HealthRise, 1, 100, errors);
        Range($"{S}:HealthTimeoutMs", o.HealthTimeoutMs, 10, 600_000, errors);
        if (o.HealthTimeoutMs > o.HealthIntervalMs && o.HealthIntervalMs >= 50)
        {
            errors.Add($"{S}:HealthTimeoutMs ({o.HealthTimeoutMs}) must not exceed {S}:HealthIntervalMs ({o.HealthIntervalMs}).");
        }

        Range($"{S}:LeaseSeconds", o.LeaseSeconds, 2, 3600, errors);
        var nodes = Nodes(o, labEnabled, errors);
        if (nodes.Length > 0 && !string.IsNullOrEmpty(o.ActiveNode) &&
            !nodes.Any(n => string.Equals(n.Name, o.ActiveNode, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add($"{S}:ActiveNode '{o.ActiveNode}' is not one of {S}:Nodes ({string.Join(", ", nodes.Select(n => n.Name))}).");
        }

        if (errors.Count > before || vip is null)
        {
            return null;
        }

        var settings = new ClusterSettings
        {
            Architecture = architecture,
            Vip = vip,
            WebFqdn = o.WebFqdn.TrimEnd('.'),
            TransferFqdn = o.TransferFqdn.TrimEnd('.'),
            DnsZone = o.DnsZone.TrimEnd('.'),
            DnsTtl = TimeSpan.FromSeconds(o.DnsTtlSeconds),
            Ports = new ClusterPorts { Web = o.WebPort, WebTls = o.WebTlsPort, Ssh = o.SshPort, Fasp = o.FaspPort, FaspRangeEnd = faspEnd, Dns = o.DnsPort },
            HealthCheck = new HealthCheckSettings
            {
                Interval = TimeSpan.FromMilliseconds(o.HealthIntervalMs),
                Fall = o.HealthFall,
                Rise = o.HealthRise,
                Timeout = TimeSpan.FromMilliseconds(o.HealthTimeoutMs),
            },
            Lease = TimeSpan.FromSeconds(o.LeaseSeconds),
            AutoFailback = o.AutoFailback,
        };
        var active = string.IsNullOrEmpty(o.ActiveNode)
            ? nodes.OrderBy(n => n.Preference).First().Name
            : nodes.First(n => string.Equals(n.Name, o.ActiveNode, StringComparison.OrdinalIgnoreCase)).Name;
        return new ClusterTopology
        {
            Settings = settings,
            Nodes = [.. nodes.Select(n => new NodeState(n))],
            ActiveNode = active,
            Epoch = 1,
        };
    }

    private static ImmutableArray<NodeDefinition> Nodes(ClusterOptions o, bool labEnabled, List<string> errors)
    {
        if (o.Nodes.Count == 0)
        {
            if (labEnabled)
            {
                return [.. LabDefaults.Topology.Nodes.Select(n => n.Node)];
            }

            errors.Add($"{S}:Nodes must list at least one node when Lab:Enabled is false.");
            return [];
        }

        var result = ImmutableArray.CreateBuilder<NodeDefinition>();
        for (var i = 0; i < o.Nodes.Count; i++)
        {
            var n = o.Nodes[i];
            var key = $"{S}:Nodes:{i}";
            if (string.IsNullOrWhiteSpace(n.Name) || n.Name.Length > 63 || !n.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                errors.Add($"{key}:Name '{n.Name}' must be 1-63 letters, digits, '-', '_' or '.'.");
            }

            var address = Address($"{key}:Address", n.Address, errors);
            var pub = n.PublicAddress is null ? address : Address($"{key}:PublicAddress", n.PublicAddress, errors);
            var priv = n.PrivateAddress is null ? address : Address($"{key}:PrivateAddress", n.PrivateAddress, errors);
            Port($"{key}:WebPort", n.WebPort, errors);
            Port($"{key}:SshPort", n.SshPort, errors);
            Port($"{key}:FaspPort", n.FaspPort, errors);
            Port($"{key}:NodedPort", n.NodedPort, errors);
            Range($"{key}:Weight", n.Weight, 1, 1000, errors);
            if (address is not null && pub is not null && priv is not null)
            {
                result.Add(new NodeDefinition
                {
                    Name = n.Name,
                    ManagementAddress = address,
                    PublicAddress = pub,
                    PrivateAddress = priv,
                    Preference = n.Preference == 0 ? i : n.Preference,
                    Weight = n.Weight,
                    Ports = new NodePorts { Web = n.WebPort, WebTls = n.WebTls, Ssh = n.SshPort, Fasp = n.FaspPort, Noded = n.NodedPort },
                });
            }
        }

        foreach (var dup in o.Nodes.GroupBy(n => n.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1 && !string.IsNullOrWhiteSpace(g.Key)))
        {
            errors.Add($"{S}:Nodes: the name '{dup.Key}' is used {dup.Count()} times; node names must be unique.");
        }

        return result.ToImmutable();
    }

    private static IPAddress? Address(string key, string? value, List<string> errors)
    {
        if (IPAddress.TryParse(value, out var address) && value!.Contains(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? '.' : ':', StringComparison.Ordinal))
        {
            return address;
        }

        errors.Add($"{key} '{value}' is not an IP address.");
        return null;
    }

    private static void Fqdn(string key, string? value, List<string> errors)
    {
        if (!HostNames.IsValid(value))
        {
            errors.Add($"{key} '{value}' is not a valid DNS name.");
        }
    }

    private static void Port(string key, int value, List<string> errors) => Range(key, value, 1, 65535, errors);

    private static void Range(string key, int value, int min, int max, List<string> errors)
    {
        if (value < min || value > max)
        {
            errors.Add($"{key} {value} is out of range: it must be between {min} and {max}.");
        }
    }
}
