using System.Diagnostics;

namespace SharesConsole.Agent.Tests.Support;

/// <summary>Polls a condition until it holds or a generous deadline passes; the caller asserts the result.</summary>
public static class Eventually
{
    public static async Task<bool> TrueAsync(Func<bool> condition, int seconds = 30)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(20);
        }

        return condition();
    }

    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, int seconds = 30)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return await condition();
    }
}
