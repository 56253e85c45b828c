namespace SharesConsole.Simulation.Tests.Loop;

/// <summary>
/// A process's <see cref="TimeProvider"/>: <see cref="GetTimestamp"/> is virtual time on the host's monotonic clock,
/// <see cref="GetUtcNow"/> virtual time plus the host's (steppable) wall-clock offset, and timers are loop events of
/// the process, so they wait while it is paused and never fire once it is dead.
/// </summary>
internal sealed class SimClock(SimHost host, SimProcess process) : TimeProvider
{
    public SimProcess Process { get; } = process;

    public SimHost Host { get; } = host;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long GetTimestamp()
    {
        Process.Loop.CheckThread();
        return Host.MonotonicBase + Process.Loop.Now;
    }

    public override DateTimeOffset GetUtcNow()
    {
        Process.Loop.CheckThread();
        return Host.WallBase + TimeSpan.FromTicks(Process.Loop.Now) + Host.WallOffset;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Process.Loop.CheckThread();
        var timer = new SimTimer(Process, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }
}
