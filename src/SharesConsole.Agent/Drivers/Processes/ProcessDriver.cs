using Microsoft.Extensions.Logging;
using SharesConsole.Agent.Configuration;
using SharesConsole.Agent.Native;
using SharesConsole.Core.Agents;
using Proc = System.Diagnostics.Process;

namespace SharesConsole.Agent.Drivers.Processes;

/// <summary>
/// Runs a command line as a child of the agent. The pid is tracked in the state directory (or read from the
/// service's own pid file for daemons) so a restarted agent finds a process it started earlier.
/// </summary>
public sealed partial class ProcessDriver(
    string serviceName, AgentServiceOptions options, string stateDirectory, TimeProvider timeProvider, ILogger<ProcessDriver> logger)
    : IServiceDriver
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Proc? _child;
    private bool _stopRequested;

    internal string TrackFile => TrackFilePath(stateDirectory, serviceName);

    /// <summary>Where the driver records the pid of the process it started for <paramref name="service"/>.</summary>
    public static string TrackFilePath(string stateDirectory, string service) => Path.Combine(stateDirectory, "pids", service + ".pid");

    public Task<DriverResult> AttachAsync(CancellationToken cancellationToken) => Task.FromResult(DriverResult.AlreadyThere());

    public async Task<DriverResult> StartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (CurrentPid() is { } running)
            {
                return DriverResult.AlreadyThere(running);
            }

            _stopRequested = false;
            _child?.Dispose();
            _child = Proc.Start(ProcessLaunch.CreateStartInfo(options)) ?? throw new InvalidOperationException($"'{options.Command}' did not start.");
            PidFiles.Write(TrackFile, _child.Id);
            LogStarted(logger, serviceName, _child.Id);
            return await WaitUntilUpAsync(_child, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<DriverResult> StopAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _stopRequested = true;
            if (CurrentPid() is not { } pid)
            {
                PidFiles.Delete(TrackFile);
                return DriverResult.AlreadyThere();
            }

            _ = Libc.Kill(pid, Libc.SigTerm);
            if (!await WaitForExitAsync(pid, options.StopGrace, cancellationToken).ConfigureAwait(false))
            {
                LogKilled(logger, serviceName, pid, options.StopGrace);
                _ = Libc.Kill(pid, Libc.SigKill);
                if (!await WaitForExitAsync(pid, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false))
                {
                    return DriverResult.Failed($"Process {pid} survived SIGKILL.");
                }
            }

            PidFiles.Delete(TrackFile);
            return DriverResult.Done(pid);
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task<DriverResult> FenceAsync(CancellationToken cancellationToken) => StopAsync(cancellationToken);

    public Task<DriverState> GetStateAsync(CancellationToken cancellationToken)
    {
        if (CurrentPid() is { } pid)
        {
            return Task.FromResult(new DriverState(ServiceRunState.Running, pid));
        }

        var child = _child;
        if (child is not null && !_stopRequested && child.HasExited && options.PidFile is null)
        {
            return Task.FromResult(new DriverState(ServiceRunState.Failed, null, $"Exited with code {child.ExitCode}."));
        }

        return Task.FromResult(DriverState.Stopped);
    }

    public void Crash()
    {
    }

    public ValueTask DisposeAsync()
    {
        // The service keeps running: it belongs to the node, not to this agent instance.
        _child?.Dispose();
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }

    private int? CurrentPid()
    {
        if (options.PidFile is not null && ProcessTable.ReadPidFile(options.PidFile) is { } daemon && ProcessTable.IsAlive(daemon))
        {
            return daemon;
        }

        return ProcessTable.ReadPidFile(TrackFile) is { } tracked && ProcessTable.IsAlive(tracked) ? tracked : null;
    }

    private async Task<DriverResult> WaitUntilUpAsync(Proc child, CancellationToken cancellationToken)
    {
        // Without a pid file, give an immediate failure (bad arguments, missing binary) a moment to show.
        var deadline = timeProvider.GetUtcNow() + (options.PidFile is null ? TimeSpan.FromMilliseconds(300) : TimeSpan.FromDays(1));
        while (timeProvider.GetUtcNow() < deadline)
        {
            if (options.PidFile is not null && ProcessTable.ReadPidFile(options.PidFile) is { } pid && ProcessTable.IsAlive(pid))
            {
                return DriverResult.Done(pid);
            }

            if (child.HasExited && (child.ExitCode != 0 || options.PidFile is null))
            {
                PidFiles.Delete(TrackFile);
                return DriverResult.Failed($"'{options.Command}' exited with code {child.ExitCode} while starting{LogHint()}.");
            }

            await Task.Delay(PollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
        }

        return DriverResult.Done(child.Id);
    }

    private async Task<bool> WaitForExitAsync(int pid, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetUtcNow() + limit;
        while (ProcessTable.IsAlive(pid))
        {
            if (timeProvider.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(PollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private string LogHint() => options.LogFile is null ? "" : $"; see {options.LogFile}";

    [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "Service {Service}: started process {Pid}")]
    private static partial void LogStarted(ILogger logger, string service, int pid);

    [LoggerMessage(EventId = 121, Level = LogLevel.Warning, Message = "Service {Service}: process {Pid} ignored SIGTERM for {Grace}; sending SIGKILL")]
    private static partial void LogKilled(ILogger logger, string service, int pid, TimeSpan grace);
}
