using System.Net;

namespace SharesConsole.Core.Cluster;

/// <summary>Cluster-wide settings an operator edits.</summary>
public sealed record ClusterSettings
{
    public ArchitectureType Architecture { get; init; } = ArchitectureType.RedirectAll;

    public required IPAddress Vip { get; init; }

    public string WebFqdn { get; init; } = "shares.example.com";

    public string TransferFqdn { get; init; } = "transfer.shares.example.com";

    /// <summary>The DNS zone the responder is authoritative for.</summary>
    public string DnsZone { get; init; } = "shares.example.com";

    public TimeSpan DnsTtl { get; init; } = TimeSpan.FromSeconds(5);

    public ClusterPorts Ports { get; init; } = new();

    public HealthCheckSettings HealthCheck { get; init; } = new();

    /// <summary>How long the active node's agent may go without a heartbeat ack before it fences itself.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Return the active role to a node that comes back (off by default).</summary>
    public bool AutoFailback { get; init; }

    /// <summary>Worst-case time from a crash to the start of promotion elsewhere: detection plus the lease.</summary>
    public TimeSpan WorstCaseFailoverStart => HealthCheck.DetectionTime + Lease;

    /// <summary>Worst-case time until a DNS client stops using a dead node: detection plus the TTL.</summary>
    public TimeSpan WorstCaseDnsClientSwitch => HealthCheck.DetectionTime + DnsTtl;
}
