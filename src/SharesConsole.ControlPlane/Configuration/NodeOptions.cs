namespace SharesConsole.ControlPlane.Configuration;

/// <summary>One node under <c>Cluster:Nodes</c>; seeds the database on first start.</summary>
public sealed class NodeOptions
{
    public string Name { get; set; } = "";

    /// <summary>Management address; also the default for the public and private addresses.</summary>
    public string Address { get; set; } = "";

    public string? PublicAddress { get; set; }

    public string? PrivateAddress { get; set; }

    public int WebPort { get; set; } = 443;

    public bool WebTls { get; set; } = true;

    public int SshPort { get; set; } = 33001;

    public int FaspPort { get; set; } = 33001;

    public int NodedPort { get; set; } = 9092;

    public int Preference { get; set; }

    public int Weight { get; set; } = 1;
}
