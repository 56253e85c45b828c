using Microsoft.Extensions.Logging;
using SharesConsole.Agent.Configuration;
using SharesConsole.Agent.Native;
using SharesConsole.Core.Agents;
using Proc = System.Diagnostics.Process;

namespace SharesConsole.Agent.Drivers.Processes;

/// <summary>
/// Runs a command line as a child of the agent. The pid is tracked in the state directory (or read from the
/// service's own pid file for daemons) so a restarted agent finds a process it started earlier. Next to each pid
/// file the driver records the identity of the process it started (<see cref="OwnedProcesses"/>), and it signals
/// only a pid that still matches it: a stale or rewritten pid file never gets another process killed.
/// </summary>
public sealed partial class ProcessDriver(
    string serviceName, AgentServiceOptions options, string stateDirectory, TimeProvider timeProvider, ILogger<ProcessDriver> logger)
    : IServiceDriver
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan ExecPollInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(10);
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
            var found = Find();
            if (found.Owned is { } running)
            {
                return DriverResult.AlreadyThere(running.Pid);
            }

            if (found.Foreign is { } foreign)
            {
                // It may be a copy of the service started behind the agent's back: a second one must not join it.
                return DriverResult.Failed($"Not starting {serviceName}: {foreign.Reason}. If that process is not {serviceName}, remove {foreign.PidFile}.");
            }

            ForgetStale(found);
            _stopRequested = false;
            _child?.Dispose();
            _child = Proc.Start(ProcessLaunch.CreateStartInfo(options)) ?? throw new InvalidOperationException($"'{options.Command}' did not start.");
            PidFiles.Write(TrackFile, _child.Id);
            await RecordChildAsync(_child, cancellationToken).ConfigureAwait(false);
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
            return await EndAsync(options.StopGrace, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>SIGKILL at once. It does not wait for a start or stop in progress: the lease is already gone.</summary>
    public Task<DriverResult> FenceAsync(CancellationToken cancellationToken)
    {
        _stopRequested = true;
        return EndAsync(null, cancellationToken);
    }

    public Task<DriverState> GetStateAsync(CancellationToken cancellationToken)
    {
        var found = Find();
        if (found.Owned is { } running)
        {
            return Task.FromResult(new DriverState(ServiceRunState.Running, running.Pid));
        }

        if (found.Foreign is { } foreign)
        {
            return Task.FromResult(new DriverState(ServiceRunState.Unknown, foreign.Pid, foreign.Reason));
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

    /// <summary>The pid files this service can be found by: the daemon's own first, then the one the driver keeps.</summary>
    private IEnumerable<string> PidFilePaths() => options.PidFile is { } daemon ? [daemon, TrackFile] : [TrackFile];

    private Found Find()
    {
        var live = PidFilePaths().Select(OwnedProcesses.Find).OfType<PidFileProcess>().ToList();
        var owned = live.FirstOrDefault(p => p.Ownership == PidOwnership.Owned);
        return new Found(
            owned,
            live.FirstOrDefault(p => p.Ownership == PidOwnership.Foreign && p.Pid != owned?.Pid),
            [.. live.Where(p => p.Ownership == PidOwnership.Reused)]);
    }

    /// <summary>
    /// Stops the service: SIGTERM and up to <paramref name="grace"/> before SIGKILL, or SIGKILL at once without a grace.
    /// Each signal goes only to a pid that still matches the process the driver started.
    /// </summary>
    private async Task<DriverResult> EndAsync(TimeSpan? grace, CancellationToken cancellationToken)
    {
        var found = Find();
        foreach (var stale in found.Reused)
        {
            LogStale(logger, serviceName, stale.Pid, stale.Reason!);
        }

        string? refusal = null;
        if (found.Foreign is { } foreign)
        {
            LogRefused(logger, serviceName, foreign.Pid, foreign.Reason!);
            refusal = $"Refused to kill pid {foreign.Pid}: {foreign.Reason}.";
        }

        if (found.Owned is not { } target)
        {
            if (refusal is not null)
            {
                return DriverResult.Failed(refusal);
            }

            ForgetStale(found);
            Forget(null);
            return DriverResult.AlreadyThere();
        }

        if (grace is { } wait)
        {
            _ = OwnedProcesses.Signal(target, Libc.SigTerm);
            if (await WaitForExitAsync(target.Pid, wait, cancellationToken).ConfigureAwait(false))
            {
                Forget(target.Pid);
                return refusal is null ? DriverResult.Done(target.Pid) : DriverResult.Failed(refusal);
            }

            LogKilled(logger, serviceName, target.Pid, wait);
        }
        else
        {
            LogFenced(logger, serviceName, target.Pid);
        }

        _ = OwnedProcesses.Signal(target, Libc.SigKill);

        if (!await WaitForExitAsync(target.Pid, KillWait, cancellationToken).ConfigureAwait(false))
        {
            return DriverResult.Failed($"Process {target.Pid} survived SIGKILL.");
        }

        Forget(target.Pid);
        return refusal is null ? DriverResult.Done(target.Pid) : DriverResult.Failed(refusal);
    }

    /// <summary>
    /// Records the child's identity once it runs the service: when the log redirection goes through the shell, the pid
    /// is the shell's until it execs the command (the start time stays, the executable and command line change).
    /// </summary>
    private async Task RecordChildAsync(Proc child, CancellationToken cancellationToken)
    {
        while (ProcessIdentity.Read(child.Id) is { } identity && (ProcessLaunch.IsLauncher(identity.CommandLine) || !identity.IsSettled))
        {
            await Task.Delay(ExecPollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
        }

        while (!OwnedProcesses.Record(TrackFile, child.Id) && ProcessTable.IsAlive(child.Id))
        {
            await Task.Delay(ExecPollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The service's process is gone: its pid files and records go too, so they can never name a later process.</summary>
    private void Forget(int? killed)
    {
        PidFiles.Delete(TrackFile);
        OwnedProcesses.Forget(TrackFile);
        if (options.PidFile is { } daemon)
        {
            OwnedProcesses.Forget(daemon);

            // A SIGKILLed daemon leaves its pid file behind.
            if (killed is { } pid && ProcessTable.ReadPidFile(daemon) == pid)
            {
                PidFiles.Delete(daemon);
            }
        }
    }

    /// <summary>Pid files whose process is gone (the pid went to another process) are removed before a start reads them.</summary>
    private static void ForgetStale(Found found)
    {
        foreach (var stale in found.Reused)
        {
            PidFiles.Delete(stale.PidFile);
            OwnedProcesses.Forget(stale.PidFile);
        }
    }

    private async Task<DriverResult> WaitUntilUpAsync(Proc child, CancellationToken cancellationToken)
    {
        // Without a pid file, give an immediate failure (bad arguments, missing binary) a moment to show.
        var deadline = timeProvider.GetUtcNow() + (options.PidFile is null ? TimeSpan.FromMilliseconds(300) : TimeSpan.FromDays(1));
        while (timeProvider.GetUtcNow() < deadline)
        {
            if (options.PidFile is { } daemon && ProcessTable.ReadPidFile(daemon) is { } pid && OwnedProcesses.Record(daemon, pid))
            {
                return DriverResult.Done(pid);
            }

            if (child.HasExited && (child.ExitCode != 0 || options.PidFile is null))
            {
                PidFiles.Delete(TrackFile);
                OwnedProcesses.Forget(TrackFile);
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

    /// <summary>The live processes the pid files name: the one the driver started, one it cannot vouch for, and stale ones.</summary>
    private sealed record Found(PidFileProcess? Owned, PidFileProcess? Foreign, IReadOnlyList<PidFileProcess> Reused);

    [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "Service {Service}: started process {Pid}")]
    private static partial void LogStarted(ILogger logger, string service, int pid);

    [LoggerMessage(EventId = 121, Level = LogLevel.Warning, Message = "Service {Service}: process {Pid} ignored SIGTERM for {Grace}; sending SIGKILL")]
    private static partial void LogKilled(ILogger logger, string service, int pid, TimeSpan grace);

    [LoggerMessage(EventId = 122, Level = LogLevel.Error, Message = "Service {Service}: refused to kill pid {Pid}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string service, int pid, string reason);

    [LoggerMessage(EventId = 124, Level = LogLevel.Warning, Message = "Service {Service}: stale pid file, not killing pid {Pid}: {Reason}")]
    private static partial void LogStale(ILogger logger, string service, int pid, string reason);

    [LoggerMessage(EventId = 123, Level = LogLevel.Warning, Message = "Service {Service}: fenced, SIGKILL to process {Pid}")]
    private static partial void LogFenced(ILogger logger, string service, int pid);
}
