namespace SharesConsole.Core.Cluster;

/// <summary>What an operator (or the control plane) has decided about a node, independent of its health.</summary>
[Flags]
public enum OperatorIntent
{
    None = 0,

    /// <summary>No new requests, connections or flows; existing ones finish.</summary>
    Drained = 1,

    /// <summary>Out of every pool and of placement; services are left alone.</summary>
    Maintenance = 2,

    /// <summary>Fenced by the control plane after a failover; nothing may run there.</summary>
    Fenced = 4,

    /// <summary>Enrolled but switched off by the operator.</summary>
    Disabled = 8,
}
