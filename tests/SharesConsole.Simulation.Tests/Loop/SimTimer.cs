namespace SharesConsole.Simulation.Tests.Loop;

/// <summary>A timer as loop events of its process; <see cref="Change"/> and <see cref="Dispose"/> drop what was scheduled.</summary>
internal sealed class SimTimer(SimProcess process, TimerCallback callback, object? state) : ITimer
{
    private long _version;
    private TimeSpan _period = Timeout.InfiniteTimeSpan;
    private bool _disposed;

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        if (_disposed)
        {
            return false;
        }

        _version++;
        _period = period;
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            Schedule(dueTime);
        }

        return true;
    }

    public void Dispose()
    {
        _disposed = true;
        _version++;
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void Schedule(TimeSpan due)
    {
        var version = _version;
        process.Loop.After(due < TimeSpan.Zero ? TimeSpan.Zero : due, process, () => Fire(version));
    }

    private void Fire(long version)
    {
        if (version != _version || _disposed)
        {
            return;
        }

        if (_period > TimeSpan.Zero)
        {
            Schedule(_period);
        }

        callback(state);
    }
}
