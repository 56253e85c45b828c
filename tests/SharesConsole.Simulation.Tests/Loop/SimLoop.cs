namespace SharesConsole.Simulation.Tests.Loop;

/// <summary>
/// A single-threaded discrete-event loop. Events run one at a time in (virtual time, insertion) order on the thread
/// that calls <see cref="Run"/>, each under its process's synchronization context, so a seed replays exactly.
/// </summary>
internal sealed class SimLoop
{
    private readonly PriorityQueue<Event, (long At, long Seq)> _queue = new();
    private readonly SynchronizationContext _unowned;
    private long _seq;
    private int _thread;

    public SimLoop() => _unowned = new SimSynchronizationContext(this, new SimProcess(this, "world"));

    /// <summary>Virtual time in ticks since the start.</summary>
    public long Now { get; private set; }

    public TimeSpan Elapsed => TimeSpan.FromTicks(Now);

    public long EventsRun { get; private set; }

    /// <summary>Work that reached the loop from another thread: the run is no longer deterministic.</summary>
    public int ThreadHops { get; private set; }

    /// <summary>
    /// Runs <paramref name="action"/> at <paramref name="at"/>, rounded up to a whole millisecond, as an event of
    /// <paramref name="owner"/> (null: of nobody, never paused). Whole milliseconds because <c>Task.Delay</c> truncates to
    /// them: a wait of less than one would complete at once and, as virtual time stands still within an event, spin.
    /// </summary>
    public void At(long at, SimProcess? owner, Action action)
    {
        var rounded = (Math.Max(at, Now) + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond;
        _queue.Enqueue(new Event(owner, action), (rounded, _seq++));
    }

    public void After(TimeSpan delay, SimProcess? owner, Action action) => At(Now + delay.Ticks, owner, action);

    /// <summary>Runs events until none is left, the next is later than <paramref name="until"/>, or <paramref name="stop"/> says so after one.</summary>
    public void Run(long until, Func<bool> stop)
    {
        ArgumentNullException.ThrowIfNull(stop);
        _thread = Environment.CurrentManagedThreadId;
        var previous = SynchronizationContext.Current;
        try
        {
            while (_queue.TryPeek(out _, out var key) && key.At <= until)
            {
                var next = _queue.Dequeue();
                Now = key.At;
                if (next.Owner is { } owner)
                {
                    if (owner.IsDead)
                    {
                        continue;
                    }

                    if (owner.PausedUntil > Now)
                    {
                        // Deferred in order: what a stopped process would have done, it does right after it resumes.
                        At(owner.PausedUntil, owner, next.Action);
                        continue;
                    }
                }

                SynchronizationContext.SetSynchronizationContext(next.Owner?.Context ?? _unowned);
                EventsRun++;
                next.Action();
                if (stop())
                {
                    return;
                }
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    /// <summary>Counts a call from a thread other than the loop's (a continuation that escaped to the thread pool).</summary>
    public void CheckThread()
    {
        if (_thread != 0 && Environment.CurrentManagedThreadId != _thread)
        {
            ThreadHops++;
        }
    }

    private readonly record struct Event(SimProcess? Owner, Action Action);
}
