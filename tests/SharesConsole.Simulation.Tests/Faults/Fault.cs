using SharesConsole.Simulation.Tests.Runs;

namespace SharesConsole.Simulation.Tests.Faults;

/// <summary>One thing the nemesis does to the world at <see cref="At"/>, undone at <see cref="Until"/> when it lasts.</summary>
internal abstract record Fault(TimeSpan At)
{
    /// <summary>When the fault is over (healed); the liveness bound counts from the last one.</summary>
    public virtual TimeSpan Until => At;

    public abstract void Begin(SimWorld world);

    public virtual void End(SimWorld world)
    {
    }

    public abstract string Describe();

    protected static string S(TimeSpan t) => $"{t.TotalSeconds:0.###}s";
}
