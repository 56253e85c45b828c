using SharesConsole.Core.Cluster;
using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane.Failover;

/// <summary>Chooses the node that takes over the active/passive group, deterministically.</summary>
public static class CandidateSelector
{
    /// <summary>
    /// Healthy passive nodes first, then degraded ones; ties broken by configured preference, then name.
    /// Draining, down, fenced and maintenance nodes, and nodes whose shared storage is unfit, are never chosen.
    /// </summary>
    public static NodeSnapshot? Choose(ClusterState state, string? exclude)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Nodes
            .Where(n => !string.Equals(n.Name, exclude, StringComparison.OrdinalIgnoreCase))
            .Where(n => n.Verdict is NodeVerdict.Healthy or NodeVerdict.Degraded && n.AgentConnected && n.FitForActive)
            .OrderBy(n => n.Verdict == NodeVerdict.Healthy ? 0 : 1)
            .ThenBy(n => n.Node.Node.Preference)
            .ThenBy(n => n.Name, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>Why <paramref name="target"/> cannot take the group, or null when it can.</summary>
    public static string? Refusal(ClusterState state, string target)
    {
        ArgumentNullException.ThrowIfNull(state);
        var node = state.Find(target);
        if (node is null)
        {
            return $"There is no node named '{target}'.";
        }

        if (node.IsActive)
        {
            return $"{node.Name} is already the active node.";
        }

        if (!node.AgentConnected)
        {
            return $"{node.Name}'s agent is not connected.";
        }

        if (StorageRules.UnfitReason(node.Name, node.Storage) is { } unfit)
        {
            return unfit + " A switchover needs a target whose shared storage works.";
        }

        return node.Verdict == NodeVerdict.Healthy
            ? null
            : $"{node.Name} is {node.Verdict.ToString().ToLowerInvariant()}; a switchover needs a healthy target.";
    }
}
