namespace SharesConsole.Core.Catalog;

/// <summary>One Shares service as the catalog knows it.</summary>
public sealed record ServiceDefinition
{
    public required string Name { get; init; }

    public required ServiceKind Kind { get; init; }

    /// <summary>Position in the start sequence on a node; stop order is the reverse.</summary>
    public required int StartOrder { get; init; }

    public required ProbeDefinition Probe { get; init; }

    /// <summary>A second probe that must also pass (mysqld: TCP 3306 and process alive).</summary>
    public ProbeDefinition? SecondaryProbe { get; init; }

    /// <summary>Shown next to the service in the console.</summary>
    public string? Note { get; init; }

    public string Location => Kind == ServiceKind.ActiveActive ? "every node" : "active node only";
}
