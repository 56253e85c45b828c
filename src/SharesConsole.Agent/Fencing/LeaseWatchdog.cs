using System.Diagnostics;
using SharesConsole.Agent.Native;

namespace SharesConsole.Agent.Fencing;

/// <summary>
/// The hard fence, in its own process (like SBD's watchdog): when the lease file says the lease ran out more
/// than <c>slack</c> ago, every listed process gets SIGKILL and every listed unit <c>systemctl kill -s KILL</c>.
/// It needs nothing from the agent, so a hung (SIGSTOP) or dead agent still cannot leave the active/passive
/// services running past the lease the control plane waits out before promoting another node.
/// </summary>
public sealed class LeaseWatchdog(string leasePath, int agentPid, TimeSpan slack, TimeProvider timeProvider, TextWriter log)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private long _unitsFencedFor;

    /// <summary>Runs until the agent is gone and nothing listed is left running, or until cancelled.</summary>
    public async Task RunAsync(string systemctl, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var lease = LeaseFile.TryRead(leasePath);
            var agentAlive = ProcessTable.IsAlive(agentPid);
            if (lease is not null && IsOverdue(lease))
            {
                // Processes are killed whenever one shows up alive; units once per expired lease.
                var units = lease.ExpiresAtMonotonicMs != _unitsFencedFor;
                _unitsFencedFor = lease.ExpiresAtMonotonicMs;
                await FenceAsync(lease.Targets, units ? systemctl : null, cancellationToken).ConfigureAwait(false);
            }

            if (!agentAlive && (lease is null || lease.ExpiresAtMonotonicMs == 0 || !AnyAlive(lease.Targets)))
            {
                return;
            }

            try
            {
                await Task.Delay(PollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public bool IsOverdue(LeaseFile lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return lease.ExpiresAtMonotonicMs > 0 &&
            Ticks.NowMilliseconds(timeProvider) > lease.ExpiresAtMonotonicMs + (long)slack.TotalMilliseconds;
    }

    /// <summary>Kills the listed processes still alive (and the units when <paramref name="systemctl"/> is given); returns the pids killed.</summary>
    public async Task<IReadOnlyList<int>> FenceAsync(FenceTargets targets, string? systemctl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var killed = new List<int>();
        foreach (var pidFile in targets.PidFiles)
        {
            if (ProcessTable.ReadPidFile(pidFile) is { } pid && ProcessTable.IsAlive(pid) && Libc.Kill(pid, Libc.SigKill) == 0)
            {
                killed.Add(pid);
                await log.WriteLineAsync($"watchdog: lease expired, SIGKILL {pid} ({pidFile})").ConfigureAwait(false);
            }
        }

        foreach (var unit in systemctl is null ? [] : targets.Units)
        {
            await KillUnitAsync(systemctl!, unit, cancellationToken).ConfigureAwait(false);
        }

        return killed;
    }

    private static bool AnyAlive(FenceTargets targets) =>
        targets.PidFiles.Any(f => ProcessTable.ReadPidFile(f) is { } pid && ProcessTable.IsAlive(pid));

    private async Task KillUnitAsync(string systemctl, string unit, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(systemctl) { UseShellExecute = false };
        foreach (var argument in new[] { "kill", "--signal=KILL", unit })
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(info);
            if (process is not null)
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                await log.WriteLineAsync($"watchdog: lease expired, systemctl kill {unit} -> {process.ExitCode}").ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            await log.WriteLineAsync($"watchdog: systemctl kill {unit} failed: {e.Message}").ConfigureAwait(false);
        }
    }
}
