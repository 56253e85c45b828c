using SharesConsole.Simulation.Tests.Runs;

namespace SharesConsole.Simulation.Tests.OldRules;

/// <summary>
/// The fencing rules before issue #14 (as of bc9bba1), kept only to prove the simulation catches what they got wrong:
/// the agent timed its lease from the ack's arrival and waited up to half a lease for it; the control plane granted
/// the lease to the active node until the epoch moved, fencing included; and the fence waited until a deadline fixed
/// when it began: the last heartbeat + lease + margin.
/// </summary>
internal static class OldFencingRules
{
    /// <summary>The three old rules together, as the issue reproduced them.</summary>
    public static SimRules All { get; } = new()
    {
        Name = "old (bc9bba1): lease from the ack's arrival, grants while fencing, fence deadline fixed from the last heartbeat",
        AckAtArrival = true,
        HeartbeatTimeout = (configured, _) => configured / 2,
        CreateAcknowledger = (topology, _, _, time) => new GrantWhileFencingAcknowledger(topology, time),
        FenceWith = (actions, cp) => new FixedFenceDeadlineActions(actions, cp),
    };

    /// <summary>Only the agent's old lease: from the ack's arrival, waiting up to half a lease for it.</summary>
    public static SimRules AckAtArrival { get; } = SimRules.Current with
    {
        Name = "old agent lease only: from the ack's arrival",
        AckAtArrival = true,
        HeartbeatTimeout = All.HeartbeatTimeout,
    };

    /// <summary>Only the control plane's old fence: a deadline fixed when the fence began, from the last heartbeat.</summary>
    public static SimRules FixedFenceDeadline { get; } = SimRules.Current with
    {
        Name = "old fence deadline only: fixed from the last heartbeat",
        FenceWith = All.FenceWith,
    };

    public static SimRules Named(string name) => name switch
    {
        "all" or "old" => All,
        "ack-arrival" => AckAtArrival,
        "fixed-fence-deadline" => FixedFenceDeadline,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown old rule."),
    };
}
