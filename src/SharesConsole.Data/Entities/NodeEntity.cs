namespace SharesConsole.Data.Entities;

/// <summary>An enrolled node. Addresses are stored as text; <see cref="Intent"/> holds the Core OperatorIntent flags.</summary>
public sealed class NodeEntity
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public string ManagementAddress { get; set; } = "";

    public string PublicAddress { get; set; } = "";

    public string PrivateAddress { get; set; } = "";

    public int WebPort { get; set; }

    public bool WebTls { get; set; }

    public int SshPort { get; set; }

    public int FaspPort { get; set; }

    public int NodedPort { get; set; }

    public int Preference { get; set; }

    public int Weight { get; set; }

    public int Intent { get; set; }

    /// <summary>Hash of the agent's enrollment token; null until the node is enrolled with a token.</summary>
    public string? TokenHash { get; set; }

    public DateTimeOffset EnrolledAt { get; set; }
}
