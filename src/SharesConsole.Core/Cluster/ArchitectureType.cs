namespace SharesConsole.Core.Cluster;

/// <summary>The two architectures of the Shares HA guide.</summary>
public enum ArchitectureType
{
    /// <summary>Type 1: the VIP carries web, SSH (TCP) and FASP (UDP).</summary>
    RedirectAll,

    /// <summary>Type 2: the VIP carries web only; transfers reach nodes through round-robin DNS.</summary>
    WebOnly,
}
