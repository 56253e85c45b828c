using SharesConsole.Core.Cluster;
using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane.Failover;

/// <summary>When a scheduled failover drill may run: a drill must never be the thing that breaks a sick cluster.</summary>
public static class DrillRules
{
    /// <summary>Why a drill must not run now, or null when it may (then <see cref="CandidateSelector.Choose"/> names the target).</summary>
    public static string? Refusal(ClusterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.RunningOperation is { } running)
        {
            return $"another operation is running ({running.Kind} to {running.TargetNode}); one operation at a time.";
        }

        if (state.Active is not { } active)
        {
            return "no node is active.";
        }

        // Nodes the operator took out do not block a drill, unless the active node is one of them.
        var sick = state.Nodes
            .Where(n => (n.IsActive || !n.Node.IsExcluded) && n.Verdict != NodeVerdict.Healthy)
            .Select(n => $"{n.Name} is {n.Verdict.ToString().ToLowerInvariant()}")
            .ToList();
        if (sick.Count > 0)
        {
            return $"the cluster is not healthy: {string.Join(", ", sick)}.";
        }

        var target = CandidateSelector.Choose(state, active.Name);
        return target is null || target.Verdict != NodeVerdict.Healthy ? "no healthy passive node can take the active/passive group." : null;
    }
}
