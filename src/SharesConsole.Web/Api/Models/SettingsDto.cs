using System.Net;
using SharesConsole.Core.Cluster;

namespace SharesConsole.Web.Api.Models;

/// <summary>The cluster settings as the API reads and writes them; PUT needs every field.</summary>
public sealed record SettingsDto
{
    public string? Architecture { get; init; }

    public string? Vip { get; init; }

    public string? WebFqdn { get; init; }

    public string? TransferFqdn { get; init; }

    public string? DnsZone { get; init; }

    public int? DnsTtlSeconds { get; init; }

    public int? WebPort { get; init; }

    public int? WebTlsPort { get; init; }

    public int? SshPort { get; init; }

    public int? FaspPort { get; init; }

    public int? FaspRangeEnd { get; init; }

    public int? DnsPort { get; init; }

    public int? HealthIntervalMs { get; init; }

    public int? HealthFall { get; init; }

    public int? HealthRise { get; init; }

    public int? HealthTimeoutMs { get; init; }

    public int? LeaseSeconds { get; init; }

    public bool? AutoFailback { get; init; }

    public static SettingsDto From(ClusterSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new()
        {
            Architecture = s.Architecture.ToString(),
            Vip = s.Vip.ToString(),
            WebFqdn = s.WebFqdn,
            TransferFqdn = s.TransferFqdn,
            DnsZone = s.DnsZone,
            DnsTtlSeconds = (int)s.DnsTtl.TotalSeconds,
            WebPort = s.Ports.Web,
            WebTlsPort = s.Ports.WebTls,
            SshPort = s.Ports.Ssh,
            FaspPort = s.Ports.Fasp,
            FaspRangeEnd = s.Ports.FaspRangeEnd,
            DnsPort = s.Ports.Dns,
            HealthIntervalMs = (int)s.HealthCheck.Interval.TotalMilliseconds,
            HealthFall = s.HealthCheck.Fall,
            HealthRise = s.HealthCheck.Rise,
            HealthTimeoutMs = (int)s.HealthCheck.Timeout.TotalMilliseconds,
            LeaseSeconds = (int)s.Lease.TotalSeconds,
            AutoFailback = s.AutoFailback,
        };
    }

    /// <summary>Builds Core settings, or names every missing or unparsable field.</summary>
    public ClusterSettings? ToSettings(Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var architecture = ArchitectureType.RedirectAll;
        if (Architecture is not null && (!Enum.TryParse(Architecture, ignoreCase: true, out architecture) || !Enum.IsDefined(architecture) || int.TryParse(Architecture, out _)))
        {
            errors["architecture"] = ["Use RedirectAll or WebOnly."];
        }

        IPAddress? vip = null;
        if (Vip is not null && !IPAddress.TryParse(Vip, out vip))
        {
            errors["vip"] = [$"'{Vip}' is not an IP address."];
        }

        Required(errors, ("architecture", Architecture), ("vip", Vip), ("webFqdn", WebFqdn), ("transferFqdn", TransferFqdn), ("dnsZone", DnsZone),
            ("dnsTtlSeconds", DnsTtlSeconds), ("webPort", WebPort), ("webTlsPort", WebTlsPort), ("sshPort", SshPort), ("faspPort", FaspPort),
            ("faspRangeEnd", FaspRangeEnd), ("dnsPort", DnsPort), ("healthIntervalMs", HealthIntervalMs), ("healthFall", HealthFall),
            ("healthRise", HealthRise), ("healthTimeoutMs", HealthTimeoutMs), ("leaseSeconds", LeaseSeconds), ("autoFailback", AutoFailback));
        if (errors.Count > 0 || vip is null)
        {
            return null;
        }

        return new ClusterSettings
        {
            Architecture = architecture,
            Vip = vip,
            WebFqdn = WebFqdn!,
            TransferFqdn = TransferFqdn!,
            DnsZone = DnsZone!,
            DnsTtl = TimeSpan.FromSeconds(DnsTtlSeconds!.Value),
            Ports = new ClusterPorts { Web = WebPort!.Value, WebTls = WebTlsPort!.Value, Ssh = SshPort!.Value, Fasp = FaspPort!.Value, FaspRangeEnd = FaspRangeEnd!.Value, Dns = DnsPort!.Value },
            HealthCheck = new HealthCheckSettings
            {
                Interval = TimeSpan.FromMilliseconds(HealthIntervalMs!.Value),
                Fall = HealthFall!.Value,
                Rise = HealthRise!.Value,
                Timeout = TimeSpan.FromMilliseconds(HealthTimeoutMs!.Value),
            },
            Lease = TimeSpan.FromSeconds(LeaseSeconds!.Value),
            AutoFailback = AutoFailback!.Value,
        };
    }

    /// <summary>Core's validator names fields like "Ports.Web"; the API names them as this record does.</summary>
    public static string FieldName(string coreField) => coreField switch
    {
        "DnsTtl" => "dnsTtlSeconds",
        "Ports.Web" => "webPort",
        "Ports.WebTls" => "webTlsPort",
        "Ports.Ssh" => "sshPort",
        "Ports.Fasp" => "faspPort",
        "Ports.FaspRangeEnd" => "faspRangeEnd",
        "Ports.Dns" => "dnsPort",
        "HealthCheck.Interval" => "healthIntervalMs",
        "HealthCheck.Fall" => "healthFall",
        "HealthCheck.Rise" => "healthRise",
        "HealthCheck.Timeout" => "healthTimeoutMs",
        "Lease" => "leaseSeconds",
        _ => string.IsNullOrEmpty(coreField) ? coreField : char.ToLowerInvariant(coreField[0]) + coreField[1..],
    };

    private static void Required(Dictionary<string, string[]> errors, params (string Name, object? Value)[] fields)
    {
        foreach (var (name, value) in fields)
        {
            if (value is null)
            {
                errors.TryAdd(name, ["The field is required."]);
            }
        }
    }
}
