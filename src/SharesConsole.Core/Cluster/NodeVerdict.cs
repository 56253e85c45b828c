namespace SharesConsole.Core.Cluster;

/// <summary>The one-word state of a node shown everywhere.</summary>
public enum NodeVerdict
{
    Healthy,

    /// <summary>Reachable, but some service is failing.</summary>
    Degraded,

    /// <summary>No heartbeat and probes failing.</summary>
    Down,

    Draining,
    Maintenance,
    Fenced,
}
