using SharesConsole.Core.Cluster;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data.Conversions;

/// <summary>Cluster settings and nodes between Core records and entities.</summary>
public static class ClusterMapping
{
    public static void Apply(ClusterSettings settings, ClusterSettingsEntity entity)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(entity);
        entity.Architecture = settings.Architecture.ToString();
        entity.Vip = settings.Vip.ToString();
        entity.WebFqdn = settings.WebFqdn;
        entity.TransferFqdn = settings.TransferFqdn;
        entity.DnsZone = settings.DnsZone;
        entity.DnsTtlSeconds = (int)settings.DnsTtl.TotalSeconds;
        entity.WebPort = settings.Ports.Web;
        entity.WebTlsPort = settings.Ports.WebTls;
        entity.SshPort = settings.Ports.Ssh;
        entity.FaspPort = settings.Ports.Fasp;
        entity.FaspRangeEnd = settings.Ports.FaspRangeEnd;
        entity.DnsPort = settings.Ports.Dns;
        entity.HealthIntervalMs = (int)settings.HealthCheck.Interval.TotalMilliseconds;
        entity.HealthFall = settings.HealthCheck.Fall;
        entity.HealthRise = settings.HealthCheck.Rise;
        entity.HealthTimeoutMs = (int)settings.HealthCheck.Timeout.TotalMilliseconds;
        entity.LeaseSeconds = (int)settings.Lease.TotalSeconds;
        entity.AutoFailback = settings.AutoFailback;
    }

    public static ClusterSettings ToSettings(ClusterSettingsEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new ClusterSettings
        {
            Architecture = StoredText.Enum<ArchitectureType>(entity.Architecture, "ClusterSettings.Architecture"),
            Vip = StoredText.Address(entity.Vip, "ClusterSettings.Vip"),
            WebFqdn = entity.WebFqdn,
            TransferFqdn = entity.TransferFqdn,
            DnsZone = entity.DnsZone,
            DnsTtl = TimeSpan.FromSeconds(entity.DnsTtlSeconds),
            Ports = new ClusterPorts
            {
                Web = entity.WebPort,
                WebTls = entity.WebTlsPort,
                Ssh = entity.SshPort,
                Fasp = entity.FaspPort,
                FaspRangeEnd = entity.FaspRangeEnd,
                Dns = entity.DnsPort,
            },
            HealthCheck = new HealthCheckSettings
            {
                Interval = TimeSpan.FromMilliseconds(entity.HealthIntervalMs),
                Fall = entity.HealthFall,
                Rise = entity.HealthRise,
                Timeout = TimeSpan.FromMilliseconds(entity.HealthTimeoutMs),
            },
            Lease = TimeSpan.FromSeconds(entity.LeaseSeconds),
            AutoFailback = entity.AutoFailback,
        };
    }
}
