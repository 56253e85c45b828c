namespace SharesConsole.Agent.Storage;

public enum BlockingCallOutcome
{
    Completed,

    /// <summary>The call threw; see <see cref="BlockingCallResult{T}.Error"/>.</summary>
    Faulted,

    /// <summary>The call did not return within its timeout; it may still be running.</summary>
    TimedOut,

    /// <summary>An earlier call is still running, so this one was not started.</summary>
    StillRunning,
}

/// <summary>What became of one call on a <see cref="BlockingCallRunner"/>.</summary>
public readonly record struct BlockingCallResult<T>(BlockingCallOutcome Outcome, T? Value, Exception? Error, TimeSpan Elapsed)
{
    public static BlockingCallResult<T> Completed(T value) => new(BlockingCallOutcome.Completed, value, null, TimeSpan.Zero);

    public static BlockingCallResult<T> Faulted(Exception error) => new(BlockingCallOutcome.Faulted, default, error, TimeSpan.Zero);

    public static BlockingCallResult<T> TimedOut(TimeSpan timeout) => new(BlockingCallOutcome.TimedOut, default, null, timeout);

    /// <param name="stuckFor">How long the earlier call has been running.</param>
    public static BlockingCallResult<T> StillRunning(TimeSpan stuckFor) => new(BlockingCallOutcome.StillRunning, default, null, stuckFor);
}
