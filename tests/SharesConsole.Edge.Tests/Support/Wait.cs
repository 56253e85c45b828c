using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace SharesConsole.Edge.Tests.Support;

/// <summary>
/// Bounded waits for tests: every wait is on a condition or a task, and a hang fails after <see cref="Cap"/>
/// with a message naming what was awaited instead of stalling the suite.
/// </summary>
internal static class Wait
{
    /// <summary>Generous for a loaded 2-core machine with other builds beside it; only a broken edge reaches it.</summary>
    public static readonly TimeSpan Cap = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan DefaultPoll = TimeSpan.FromMilliseconds(20);

    /// <summary>Polls until the condition holds.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? poll = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Cap)
            {
                throw GaveUp(what);
            }

            await Task.Delay(poll ?? DefaultPoll);
        }
    }

    /// <summary>
    /// Advances the fake clock by <paramref name="step"/> at every poll until the condition holds. The edge books
    /// activity just after it relays a packet, so a reply the test already holds may still count as activity after
    /// one advance; advancing again makes the idle time pass anyway.
    /// </summary>
    public static async Task AdvancingUntilAsync(FakeTimeProvider time, TimeSpan step, Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Cap)
            {
                throw GaveUp(what);
            }

            time.Advance(step);
            await Task.Delay(DefaultPoll);
        }
    }

    public static async Task WaitAsync(this Task task, string what)
    {
        try
        {
            await task.WaitAsync(Cap);
        }
        catch (TimeoutException ex)
        {
            throw GaveUp(what, ex);
        }
    }

    public static async Task<T> WaitAsync<T>(this Task<T> task, string what)
    {
        try
        {
            return await task.WaitAsync(Cap);
        }
        catch (TimeoutException ex)
        {
            throw GaveUp(what, ex);
        }
    }

    public static Task WaitAsync(this ValueTask task, string what) => task.AsTask().WaitAsync(what);

    public static Task<T> WaitAsync<T>(this ValueTask<T> task, string what) => task.AsTask().WaitAsync(what);

    private static TimeoutException GaveUp(string what, Exception? inner = null) =>
        new($"Gave up after {Cap.TotalSeconds:0} s waiting for: {what}", inner);
}
