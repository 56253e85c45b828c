using System.Diagnostics;
using System.Globalization;
using SharesConsole.Agent.Configuration;

namespace SharesConsole.Agent.Fencing;

/// <summary>Starts this executable again as the lease watchdog (<c>watchdog &lt;lease file&gt; &lt;agent pid&gt; &lt;slack ms&gt; &lt;systemctl&gt;</c>).</summary>
internal static class WatchdogProcess
{
    public const string Verb = "watchdog";

    public static Process Start(AgentOptions options)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("The agent's own executable path is unknown.");
        var info = new ProcessStartInfo(host) { UseShellExecute = false };
        if (string.Equals(Path.GetFileNameWithoutExtension(host), "dotnet", StringComparison.Ordinal))
        {
            // Run as `dotnet SharesConsole.Agent.dll`: the dll is the first argument.
            info.ArgumentList.Add(typeof(WatchdogProcess).Assembly.Location);
        }

        info.ArgumentList.Add(Verb);
        info.ArgumentList.Add(LeaseFile.PathIn(options.StateDirectory));
        info.ArgumentList.Add(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add(((long)options.WatchdogSlack.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add(options.SystemctlPath);
        return Process.Start(info) ?? throw new InvalidOperationException("The watchdog process did not start.");
    }

    /// <summary>The watchdog's entry point; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 5 || !int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var agentPid) ||
            !long.TryParse(args[3], NumberStyles.None, CultureInfo.InvariantCulture, out var slackMs))
        {
            await Console.Error.WriteLineAsync("usage: SharesConsole.Agent watchdog <lease file> <agent pid> <slack ms> <systemctl>").ConfigureAwait(false);
            return 2;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        var watchdog = new LeaseWatchdog(args[1], agentPid, TimeSpan.FromMilliseconds(slackMs), TimeProvider.System, Console.Error);
        await watchdog.RunAsync(args[4], stop.Token).ConfigureAwait(false);
        return 0;
    }
}
