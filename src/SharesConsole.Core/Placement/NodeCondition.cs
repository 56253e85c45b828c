using SharesConsole.Core.Cluster;

namespace SharesConsole.Core.Placement;

/// <summary>A node's name, current verdict and storage fitness: the input placement needs about it.</summary>
public sealed record NodeCondition(string Name, NodeVerdict Verdict, bool FitForActive = true)
{
    /// <summary>A node that can host the active/passive group: up, and its shared storage not failing.</summary>
    public bool CanHostActive => FitForActive && Verdict is NodeVerdict.Healthy or NodeVerdict.Degraded or NodeVerdict.Draining;
}
