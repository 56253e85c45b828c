namespace SharesConsole.Core.Cluster;

/// <summary>A node with the operator's intent about it.</summary>
public sealed record NodeState(NodeDefinition Node, OperatorIntent Intent = OperatorIntent.None)
{
    public string Name => Node.Name;

    public bool IsDrained => Intent.HasFlag(OperatorIntent.Drained);

    /// <summary>True when the operator state keeps the node out of every pool, whatever its health.</summary>
    public bool IsExcluded =>
        (Intent & (OperatorIntent.Maintenance | OperatorIntent.Fenced | OperatorIntent.Disabled)) != 0;
}
