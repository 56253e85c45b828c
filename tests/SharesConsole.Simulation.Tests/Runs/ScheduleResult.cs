namespace SharesConsole.Simulation.Tests.Runs;

/// <summary>How one schedule ended: its violation (null when none), how long it ran in virtual time, what it did.</summary>
internal sealed record ScheduleResult(int Seed, SimRules Rules, string? Violation, TimeSpan Ran, TimeSpan HealedAt, int Operations, long Events)
{
    public bool Failed => Violation is not null;
}
