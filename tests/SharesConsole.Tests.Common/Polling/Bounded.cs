namespace SharesConsole.Tests.Common.Polling;

/// <summary>
/// Awaits that cannot hang the suite: a task still running after the cap fails the test with a
/// <see cref="TimeoutException"/> naming what was awaited. The cap is no timing bound: only a broken build reaches it.
/// </summary>
public static class Bounded
{
    /// <summary>Generous for one operation (a host start, a process exit, a round trip) on a loaded 2-core machine.</summary>
    public static readonly TimeSpan DefaultCap = TimeSpan.FromSeconds(60);

    public static async Task WaitAsync(this Task task, string what, TimeSpan? cap = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var limit = cap ?? DefaultCap;
        try
        {
            await task.WaitAsync(limit);
        }
        catch (TimeoutException e) when (!task.IsCompleted)
        {
            throw GaveUp(what, limit, e);
        }
    }

    public static async Task<T> WaitAsync<T>(this Task<T> task, string what, TimeSpan? cap = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var limit = cap ?? DefaultCap;
        try
        {
            return await task.WaitAsync(limit);
        }
        catch (TimeoutException e) when (!task.IsCompleted)
        {
            throw GaveUp(what, limit, e);
        }
    }

    public static Task WaitAsync(this ValueTask task, string what, TimeSpan? cap = null) => task.AsTask().WaitAsync(what, cap);

    public static Task<T> WaitAsync<T>(this ValueTask<T> task, string what, TimeSpan? cap = null) => task.AsTask().WaitAsync(what, cap);

    private static TimeoutException GaveUp(string what, TimeSpan cap, Exception inner) =>
        new($"Gave up after {cap.TotalSeconds:0.#} s waiting for: {what}", inner);
}
