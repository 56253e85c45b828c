namespace SharesConsole.Core.Cluster;

/// <summary>Where a node's services listen; the edge forwards to these.</summary>
public sealed record NodePorts
{
    public int Web { get; init; } = 443;

    public bool WebTls { get; init; } = true;

    public int Ssh { get; init; } = 33001;

    public int Fasp { get; init; } = 33001;

    public int Noded { get; init; } = 9092;
}
