using SharesConsole.Core.Cluster;
using SharesConsole.Core.Lab;

namespace SharesConsole.ControlPlane.Configuration;

/// <summary>
/// Cluster settings from configuration (section <c>Cluster</c>). They seed an empty database;
/// afterwards the database is authoritative and the console/API edit it. Defaults are the lab's.
/// </summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Cluster";

    public string Architecture { get; set; } = nameof(ArchitectureType.RedirectAll);

    public string Vip { get; set; } = LabDefaults.Vip.ToString();

    public string WebFqdn { get; set; } = LabDefaults.Settings.WebFqdn;

    public string TransferFqdn { get; set; } = LabDefaults.Settings.TransferFqdn;

    public string DnsZone { get; set; } = LabDefaults.Settings.DnsZone;

    public int DnsTtlSeconds { get; set; } = 5;

    public int WebPort { get; set; } = LabDefaults.WebPort;

    /// <summary>HTTPS port of the edge; 0 turns HTTPS off.</summary>
    public int WebTlsPort { get; set; } = LabDefaults.Settings.Ports.WebTls;

    public int SshPort { get; set; } = LabDefaults.TransferPort;

    public int FaspPort { get; set; } = LabDefaults.TransferPort;

    public int? FaspRangeEnd { get; set; }

    public int DnsPort { get; set; } = LabDefaults.DnsPort;

    public int HealthIntervalMs { get; set; } = 1000;

    public int HealthFall { get; set; } = 3;

    public int HealthRise { get; set; } = 2;

    public int HealthTimeoutMs { get; set; } = 800;

    public int LeaseSeconds { get; set; } = 10;

    public bool AutoFailback { get; set; }

    /// <summary>The node that starts as active; the first node when empty.</summary>
    public string? ActiveNode { get; set; }

    /// <summary>Nodes; when empty and the lab is on, the lab's node-a and node-b.</summary>
    public List<NodeOptions> Nodes { get; set; } = [];
}
