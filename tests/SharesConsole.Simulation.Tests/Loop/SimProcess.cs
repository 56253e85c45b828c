namespace SharesConsole.Simulation.Tests.Loop;

/// <summary>
/// One simulated OS process. A paused process (SIGSTOP, a long GC) runs none of its events until it resumes; a dead
/// one never runs them again. Its code runs under its own <see cref="SimSynchronizationContext"/>, so what it awaits
/// resumes as its own event.
/// </summary>
internal sealed class SimProcess
{
    public SimProcess(SimLoop loop, string name)
    {
        Loop = loop;
        Name = name;
        Context = new SimSynchronizationContext(loop, this);
    }

    public SimLoop Loop { get; }

    public string Name { get; }

    public SynchronizationContext Context { get; }

    public bool IsDead { get; private set; }

    /// <summary>Virtual time (ticks) until which the process runs nothing.</summary>
    public long PausedUntil { get; private set; }

    public bool IsPaused => PausedUntil > Loop.Now;

    public void Pause(TimeSpan duration) => PausedUntil = Math.Max(PausedUntil, Loop.Now + duration.Ticks);

    public void Kill() => IsDead = true;

    public override string ToString() => Name;
}
