namespace SharesConsole.Core.Cluster;

/// <summary>A node with the operator's intent about it.</summary>
public sealed record NodeState(NodeDefinition Node, OperatorIntent Intent = OperatorIntent.None)
{
    public string Name => Node.Name;

    // A bit test rather than Enum.HasFlag, which boxes twice in unoptimized (Debug) code; DNS and the edge call this per packet.
    public bool IsDrained => (Intent & OperatorIntent.Drained) != 0;

    /// <summary>True when the operator state keeps the node out of every pool, whatever its health.</summary>
    public bool IsExcluded =>
        (Intent & (OperatorIntent.Maintenance | OperatorIntent.Fenced | OperatorIntent.Disabled)) != 0;
}
