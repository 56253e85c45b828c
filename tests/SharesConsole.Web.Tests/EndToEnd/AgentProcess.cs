using System.Diagnostics;
using System.Globalization;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Web.Tests.EndToEnd;

/// <summary>
/// A real <c>SharesConsole.Agent</c> executable as a lab node: its stand-ins live in its process, bind to its own
/// loopback address and share the lab directory's lock files with the other node. Output goes to a log file.
/// </summary>
public sealed class AgentProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private readonly string _stateDirectory;

    private AgentProcess(string node, Process process, StreamWriter log, string stateDirectory)
    {
        Node = node;
        _process = process;
        _log = log;
        _stateDirectory = stateDirectory;
    }

    public string Node { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <param name="productionWatchdog">Also run the lease watchdog process (<c>Agent:Watchdog</c>), as a production agent does.</param>
    /// <param name="extraArgs">More configuration arguments for this agent (<c>--Agent:...=...</c>); they win over the defaults.</param>
    public static AgentProcess Start(
        string node, string address, string controlPlaneUrl, string token, string labDirectory, string logDirectory, bool productionWatchdog = false, IEnumerable<string>? extraArgs = null)
    {
        var stateDirectory = Path.Combine(labDirectory, "state", node);
        var dll = Path.Combine(AppContext.BaseDirectory, "SharesConsole.Agent.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = labDirectory,
        };
        foreach (var arg in new[]
        {
            dll,
            "--Agent:Lab=true",
            $"--Agent:NodeName={node}",
            $"--Agent:Address={address}",
            $"--Agent:ControlPlaneUrl={controlPlaneUrl}",
            $"--Agent:Token={token}",
            $"--Agent:StateDirectory={stateDirectory}",
            $"--Agent:LabDirectory={Path.Combine(labDirectory, "shared")}",
            $"--Agent:SharedStoragePath={labDirectory}",
            "--Agent:CommandTimeout=00:00:30",
            "--Agent:LabWatchdog=00:00:05",
            $"--Agent:Watchdog={(productionWatchdog ? "true" : "false")}",
            "--Logging:LogLevel:Default=Warning",
        }.Concat(extraArgs ?? []))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Agent {node} did not start.");
        var log = new StreamWriter(Path.Combine(logDirectory, $"agent-{node}-{process.Id}.log")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AgentProcess(node, process, log, stateDirectory);
    }

    /// <summary>The pids of the lease watchdog processes started for this agent (found by their command line in /proc).</summary>
    public IReadOnlyList<int> LeaseWatchdogPids()
    {
        var lease = Path.Combine(_stateDirectory, "lease");
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                var verb = Array.IndexOf(args, "watchdog");
                if (verb >= 0 && verb + 2 < args.Length && args[verb + 1].StartsWith(lease, StringComparison.Ordinal) && args[verb + 2] == Pid.ToString(CultureInfo.InvariantCulture))
                {
                    pids.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read.
            }
        }

        return pids;
    }

    /// <summary>kill -9: the agent and its stand-ins vanish at once, as in a power cut.</summary>
    public Task KillAsync() => SignalAsync("KILL");

    /// <summary>SIGSTOP: the process hangs with its sockets and locks open.</summary>
    public Task FreezeAsync() => SignalAsync("STOP");

    public Task ThawAsync() => SignalAsync("CONT");

    public async Task WaitForExitAsync(TimeSpan cap)
    {
        using var timeout = new CancellationTokenSource(cap);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // The caller asserts HasExited.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await SignalAsync("CONT");
            _process.Kill(entireProcessTree: true);
            await WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private async Task SignalAsync(string signal)
    {
        if (_process.HasExited)
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, Pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync().WaitAsync($"kill -{signal} {Pid} to exit");
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The test is over.
            }
        }
    }
}
