namespace SharesConsole.Core.Cluster;

/// <summary>Ports the edge listens on at the VIP.</summary>
public sealed record ClusterPorts
{
    public int Web { get; init; } = 443;

    /// <summary>HTTPS listener; 0 turns it off.</summary>
    public int WebTls { get; init; }

    public int Ssh { get; init; } = 33001;

    public int Fasp { get; init; } = 33001;

    /// <summary>Last port of the FASP range (inclusive); equal to <see cref="Fasp"/> for a single port.</summary>
    public int FaspRangeEnd { get; init; } = 33001;

    public int Dns { get; init; } = 53;
}
