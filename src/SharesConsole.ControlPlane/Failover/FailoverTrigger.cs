using SharesConsole.Core.Cluster;
using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane.Failover;

/// <summary>Decides from a state snapshot whether an automatic failover must start, and why.</summary>
public static class FailoverTrigger
{
    public sealed record Decision(string Source, string Target, string Reason);

    /// <summary>
    /// A failover starts when the active node is Down and a candidate exists, and no operation runs; also when
    /// the active node's agent has been silent for longer than the lease even though its web tier still answers
    /// (a hung agent): by then the agent, or its watchdog, has stopped the active/passive group, so leaving the
    /// group there means an outage; and when the active node's shared storage probe made it unfit for active (placement
    /// stops the group there, the failover fences it as usual). (A crossed restart threshold is reported through <paramref name="serviceGaveUp"/>.)
    /// </summary>
    public static Decision? Evaluate(ClusterState state, string? serviceGaveUp = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.RunningOperation is not null || state.Active is not { } active)
        {
            return null;
        }

        string? reason = null;
        if (active.Verdict is NodeVerdict.Down or NodeVerdict.Fenced)
        {
            reason = $"{active.Name} is {active.Verdict.ToString().ToLowerInvariant()}: no heartbeat and its probes fail.";
        }
        else if (active.HeartbeatAge is { } silent && silent > state.Topology.Settings.Lease)
        {
            reason = $"The agent on {active.Name} has been silent for {silent.TotalSeconds:0} s, longer than the " +
                $"{state.Topology.Settings.Lease.TotalSeconds:0} s lease: its active/passive services are fenced there.";
        }
        else if (StorageRules.UnfitReason(active.Name, active.Storage) is { } unfit)
        {
            reason = unfit;
        }
        else if (serviceGaveUp is not null)
        {
            reason = $"{serviceGaveUp} on {active.Name} kept failing after the allowed in-place restarts.";
        }

        if (reason is null)
        {
            return null;
        }

        var candidate = CandidateSelector.Choose(state, active.Name);
        return candidate is null ? null : new Decision(active.Name, candidate.Name, reason);
    }

    /// <summary>With automatic failback on: the preferred node is healthy again and not active.</summary>
    public static Decision? EvaluateFailback(ClusterState state, Func<string, TimeSpan> healthyFor, TimeSpan stablePeriod)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(healthyFor);
        if (!state.Topology.Settings.AutoFailback || state.RunningOperation is not null || state.Active is not { } active)
        {
            return null;
        }

        var preferred = state.Nodes.OrderBy(n => n.Node.Node.Preference).ThenBy(n => n.Name, StringComparer.Ordinal).First();
        if (preferred.IsActive || preferred.Verdict != NodeVerdict.Healthy || healthyFor(preferred.Name) < stablePeriod)
        {
            return null;
        }

        return new Decision(active.Name, preferred.Name, $"Automatic failback: {preferred.Name} has been healthy for {stablePeriod.TotalSeconds:0} s.");
    }
}
