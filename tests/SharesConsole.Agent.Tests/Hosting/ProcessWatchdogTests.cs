using System.Diagnostics;
using SharesConsole.Agent.Hosting;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Agent.Tests.Hosting;

/// <summary>The lab watchdog against a real child process standing in for a hung agent.</summary>
public sealed class ProcessWatchdogTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task StopPetting_TargetKilledThenWatchdogExits()
    {
        using var target = Process.Start(new ProcessStartInfo("sleep", "120") { UseShellExecute = false })!;
        try
        {
            using var watchdog = new ProcessWatchdog(_dir.Path, TimeSpan.FromSeconds(2), target.Id);
            using var dog = Process.GetProcessById(watchdog.WatchdogPid);
            var watch = Stopwatch.StartNew();

            watchdog.StopPetting();

            await Poll.UntilAsync(() => target.HasExited, "the watchdog to kill the unpetted target", TimeSpan.FromSeconds(60));
            Console.WriteLine($"watchdog (2 s) killed the unpetted target after {watch.Elapsed.TotalSeconds:0.0} s");
            Assert.Equal(137, target.ExitCode);
            await Poll.UntilAsync(() => dog.HasExited, "the watchdog to exit after the kill", TimeSpan.FromSeconds(60));
        }
        finally
        {
            if (!target.HasExited)
            {
                target.Kill();
            }
        }
    }

    [Fact]
    public async Task TargetExits_WatchdogExits()
    {
        using var target = Process.Start(new ProcessStartInfo("sleep", "120") { UseShellExecute = false })!;
        using var watchdog = new ProcessWatchdog(_dir.Path, TimeSpan.FromSeconds(30), target.Id);
        using var dog = Process.GetProcessById(watchdog.WatchdogPid);

        target.Kill();
        await target.WaitForExitAsync().WaitAsync("the killed target to exit");

        await Poll.UntilAsync(() => dog.HasExited, "the watchdog to exit with its target", TimeSpan.FromSeconds(60));
    }

    public void Dispose() => _dir.Dispose();
}
