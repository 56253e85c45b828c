using SharesConsole.Core.Cluster;

namespace SharesConsole.Core.Placement;

/// <summary>A node's name and current verdict: the input placement needs about it.</summary>
public sealed record NodeCondition(string Name, NodeVerdict Verdict)
{
    /// <summary>A node that can host the active/passive group.</summary>
    public bool CanHostActive => Verdict is NodeVerdict.Healthy or NodeVerdict.Degraded or NodeVerdict.Draining;
}
