using System.Net;

namespace SharesConsole.Core.Cluster;

/// <summary>A Shares node and its addresses.</summary>
public sealed record NodeDefinition
{
    public required string Name { get; init; }

    /// <summary>Where the control plane and probes reach the node's agent and services.</summary>
    public required IPAddress ManagementAddress { get; init; }

    /// <summary>Published by the DNS responder (architecture WebOnly).</summary>
    public required IPAddress PublicAddress { get; init; }

    /// <summary>Where the edge forwards client traffic.</summary>
    public required IPAddress PrivateAddress { get; init; }

    public NodePorts Ports { get; init; } = new();

    /// <summary>Lower is preferred when a new active node is chosen.</summary>
    public int Preference { get; init; }

    /// <summary>Relative share of DNS answers and edge traffic.</summary>
    public int Weight { get; init; } = 1;
}
