namespace SharesConsole.Data.Entities;

/// <summary>The single settings row (<see cref="SingletonId"/>), with the active node and the epoch.</summary>
public sealed class ClusterSettingsEntity
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public string Architecture { get; set; } = "";

    public string Vip { get; set; } = "";

    public string WebFqdn { get; set; } = "";

    public string TransferFqdn { get; set; } = "";

    public string DnsZone { get; set; } = "";

    public int DnsTtlSeconds { get; set; }

    public int WebPort { get; set; }

    public int WebTlsPort { get; set; }

    public int SshPort { get; set; }

    public int FaspPort { get; set; }

    public int FaspRangeEnd { get; set; }

    public int DnsPort { get; set; }

    public int HealthIntervalMs { get; set; }

    public int HealthFall { get; set; }

    public int HealthRise { get; set; }

    public int HealthTimeoutMs { get; set; }

    public int LeaseSeconds { get; set; }

    public bool AutoFailback { get; set; }

    public string? ActiveNode { get; set; }

    public long Epoch { get; set; }

    /// <summary>Optimistic concurrency token, raised by every write (works on SQLite and MariaDB alike).</summary>
    public long Version { get; set; }
}
