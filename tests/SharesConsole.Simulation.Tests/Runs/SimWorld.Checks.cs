namespace SharesConsole.Simulation.Tests.Runs;

/// <summary>The invariants: safety on every change of a service, liveness once the last fault healed.</summary>
internal sealed partial class SimWorld
{
    /// <summary>Called on every change of a service's liveness: two nodes with a live active/passive process is the violation.</summary>
    public void OnGroupChanged()
    {
        if (Violation is null && Nodes[0].AliveCount > 0 && Nodes[1].AliveCount > 0)
        {
            Violation = $"SAFETY: active/passive services alive on both nodes at {Loop.Elapsed.TotalSeconds:0.000} s: " +
                string.Join("; ", Nodes.Select(n => $"{n.Name} [{string.Join(", ", n.Services.Where(s => s.IsAlive).Select(s => $"{s.Name} {s.State}: {s.StartedBy ?? "running from the start"}"))}]"));
            Trace.Add($"{Violation}");
        }
    }

    private bool IsOver()
    {
        if (Violation is not null)
        {
            return true;
        }

        if (Loop.EventsRun > MaxEvents)
        {
            Fail($"runaway: {Loop.EventsRun} events by {Loop.Elapsed.TotalSeconds:0.000} s of virtual time");
            return true;
        }

        var sinceHeal = Loop.Now - _healedAt;
        if (sinceHeal < Parameters.Lease.Ticks + Parameters.FenceMargin.Ticks + TimeSpan.TicksPerSecond * 3)
        {
            return false;
        }

        if (IsLive())
        {
            return true;
        }

        if (sinceHeal > Parameters.LivenessBound.Ticks)
        {
            Violation = $"LIVENESS: {Parameters.LivenessBound.TotalSeconds:0} s after the last fault healed no single node runs the whole group: " +
                string.Join("; ", Nodes.Select(n => $"{n.Name} [{string.Join(", ", n.Services.Select(s => $"{s.Name} {s.State}"))}]"));
            return true;
        }

        return false;
    }

    private bool IsLive() =>
        ControlPlane is not null && Database.Live is null &&
        Nodes.Count(n => n.RunsWholeGroup) == 1 && Nodes.Count(n => n.AliveCount > 0) == 1;
}
