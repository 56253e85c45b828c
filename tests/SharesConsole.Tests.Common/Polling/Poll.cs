using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace SharesConsole.Tests.Common.Polling;

/// <summary>
/// Waits for a state a test relies on by polling it, never by sleeping a fixed time. The cap is no timing bound:
/// it only keeps a broken build from hanging the suite, so it is generous (the suites share two cores).
/// </summary>
public static class Poll
{
    public static readonly TimeSpan DefaultCap = TimeSpan.FromSeconds(30);

    // Quick at first, so a condition that holds almost at once costs almost nothing; then no busier than 20 times a second.
    private static readonly TimeSpan FirstInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Returns once <paramref name="condition"/> holds; throws a <see cref="TimeoutException"/> naming <paramref name="what"/> after the cap.</summary>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? cap = null, Func<string>? describe = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), what, cap, describe);
    }

    /// <inheritdoc cref="UntilAsync(Func{bool}, string, TimeSpan?, Func{string})"/>
    public static Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? cap = null, Func<string>? describe = null) =>
        UntilAsync(condition, holds => holds, what, cap, describe is null ? null : _ => describe());

    /// <summary>Reads a value until <paramref name="done"/> accepts it and returns that value; <paramref name="describe"/> explains the last one on a timeout.</summary>
    public static Task<T> UntilAsync<T>(Func<T> read, Func<T, bool> done, string what, TimeSpan? cap = null, Func<T, string>? describe = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        return UntilAsync(() => Task.FromResult(read()), done, what, cap, describe);
    }

    /// <inheritdoc cref="UntilAsync{T}(Func{T}, Func{T, bool}, string, TimeSpan?, Func{T, string})"/>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? cap = null, Func<T, string>? describe = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(done);
        var limit = cap ?? DefaultCap;
        var interval = FirstInterval;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (watch.Elapsed >= limit)
            {
                throw new TimeoutException(FailureMessage(what, limit, value, describe));
            }

            await Task.Delay(interval);
            interval = interval * 2 < MaxInterval ? interval * 2 : MaxInterval;
        }
    }

    /// <summary>
    /// Advances <paramref name="time"/> by <paramref name="step"/> at every poll until <paramref name="condition"/> holds: for a state
    /// that comes only as fake time passes, such as an idle timeout. The code under test may book activity just after the test saw
    /// its effect, so a single advance can fall before that booking; advancing again lets the time pass anyway.
    /// </summary>
    public static Task AdvancingUntilAsync(FakeTimeProvider time, TimeSpan step, Func<bool> condition, string what, TimeSpan? cap = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(
            () =>
            {
                if (condition())
                {
                    return true;
                }

                time.Advance(step);
                return false;
            },
            what,
            cap);
    }

    private static string FailureMessage<T>(string what, TimeSpan cap, T last, Func<T, string>? describe)
    {
        var message = $"Waited {cap.TotalSeconds:0.#} s for {what}; it did not happen.";
        if (describe is null)
        {
            return message;
        }

        try
        {
            return message + Environment.NewLine + describe(last);
        }
        catch (Exception e)
        {
            // The timeout is the finding; a state that cannot be described must not hide it.
            return message + Environment.NewLine + $"(the state could not be described: {e.Message})";
        }
    }
}
