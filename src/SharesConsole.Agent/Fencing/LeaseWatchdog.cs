using System.Globalization;
using SharesConsole.Agent.Drivers.Systemd;
using SharesConsole.Agent.Native;

namespace SharesConsole.Agent.Fencing;

/// <summary>
/// The hard fence, in its own process (like SBD's watchdog): when the lease file says the lease ran out more
/// than <c>slack</c> ago, every listed process gets SIGKILL and every listed unit <c>systemctl kill -s KILL</c> then
/// <c>systemctl stop</c>. While the lease stays expired, whatever comes back is killed again. A pid file's process is
/// killed only if it matches the identity the agent recorded when it started it (<see cref="OwnedProcesses"/>). It
/// needs nothing from the agent, so a hung (SIGSTOP) or dead agent still cannot leave the active/passive services
/// running past the lease the control plane waits out before promoting another node.
/// </summary>
public sealed class LeaseWatchdog(string leasePath, int agentPid, TimeSpan slack, TimeProvider timeProvider, TextWriter log)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    // Each check of a unit runs systemctl, so fenced units are looked at once a second rather than at every poll.
    private static readonly TimeSpan UnitRecheckInterval = TimeSpan.FromSeconds(1);

    // A stop waits for the unit's ExecStop; the pid files must not wait behind a unit that hangs in it.
    private static readonly TimeSpan SystemctlTimeout = TimeSpan.FromSeconds(15);

    private readonly HashSet<string> _refused = [];
    private long _unitsFencedFor;
    private long _unitsCheckedAt;
    private bool _unitsDown;

    /// <summary>Runs until the agent is gone and nothing listed is left running, or until cancelled.</summary>
    public async Task RunAsync(string systemctl, CancellationToken cancellationToken)
    {
        var units = new Systemctl(systemctl);
        while (!cancellationToken.IsCancellationRequested)
        {
            var lease = LeaseFile.TryRead(leasePath);
            var agentAlive = ProcessTable.IsAlive(agentPid);
            if (lease is not null && IsOverdue(lease))
            {
                try
                {
                    await FenceAsync(lease.Targets with { Units = [] }, null, cancellationToken).ConfigureAwait(false);
                    await EnforceUnitsAsync(lease, units, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Stopped while a systemctl call was in flight: a stop, not a failure.
                    return;
                }
            }

            if (!agentAlive && NothingLeft(lease))
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
            if (OwnedProcesses.Find(pidFile) is not { } process)
            {
                continue;
            }

            if (process.Ownership != PidOwnership.Owned)
            {
                // Once per pid: the check repeats every round while the lease stays expired.
                if (_refused.Add($"{process.Pid} {pidFile}"))
                {
                    await log.WriteLineAsync($"watchdog: lease expired, refused to SIGKILL {process.Pid}: {process.Reason}").ConfigureAwait(false);
                }

                continue;
            }

            if (OwnedProcesses.Signal(process, Libc.SigKill))
            {
                killed.Add(process.Pid);
                await log.WriteLineAsync($"watchdog: lease expired, SIGKILL {process.Pid} ({pidFile})").ConfigureAwait(false);
            }
        }

        if (systemctl is not null)
        {
            foreach (var unit in targets.Units)
            {
                await FenceUnitAsync(new Systemctl(systemctl), unit, cancellationToken).ConfigureAwait(false);
            }
        }

        return killed;
    }

    /// <summary>The first round past a lease fences every unit; later rounds fence again any that came back up.</summary>
    private async Task EnforceUnitsAsync(LeaseFile lease, Systemctl systemctl, CancellationToken cancellationToken)
    {
        if (lease.Targets.Units.Count == 0)
        {
            return;
        }

        var now = timeProvider.GetTimestamp();
        if (lease.ExpiresAtMonotonicMs != _unitsFencedFor)
        {
            (_unitsFencedFor, _unitsCheckedAt, _unitsDown) = (lease.ExpiresAtMonotonicMs, now, false);
            foreach (var unit in lease.Targets.Units)
            {
                await FenceUnitAsync(systemctl, unit, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (Ticks.Between(timeProvider, _unitsCheckedAt, now) < UnitRecheckInterval)
        {
            return;
        }

        _unitsCheckedAt = now;
        var anyUp = false;
        foreach (var unit in lease.Targets.Units)
        {
            var state = await CallAsync(systemctl.IsActiveAsync, unit, cancellationToken).ConfigureAwait(false);
            if (state?.IsUp ?? false)
            {
                anyUp = true;
                await log.WriteLineAsync($"watchdog: lease still expired and {unit} is {state.State} again; fencing it again").ConfigureAwait(false);
                await FenceUnitAsync(systemctl, unit, cancellationToken).ConfigureAwait(false);
            }
        }

        _unitsDown = !anyUp;
    }

    /// <summary>
    /// Kill, then stop: the kill ends the unit's processes at once, the stop leaves the unit stopped (it cancels an
    /// automatic restart the kill triggered if the agent's Restart=no drop-in is not there).
    /// </summary>
    private async Task FenceUnitAsync(Systemctl systemctl, string unit, CancellationToken cancellationToken)
    {
        foreach (var call in new Func<string, CancellationToken, Task<SystemctlResult>>[] { systemctl.KillAsync, systemctl.StopAsync })
        {
            var result = await CallAsync(call, unit, cancellationToken).ConfigureAwait(false);
            await log.WriteLineAsync(result is null
                ? $"watchdog: lease expired, systemctl on {unit} did not finish within {SystemctlTimeout.TotalSeconds:0} s"
                : $"watchdog: lease expired, systemctl {result.Command} -> {result.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? result.Output}").ConfigureAwait(false);
        }
    }

    /// <summary>One systemctl call, bounded; null when it timed out.</summary>
    private async Task<SystemctlResult?> CallAsync(
        Func<string, CancellationToken, Task<SystemctlResult>> call, string unit, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(SystemctlTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            return await call(unit, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// With the agent gone, whether the watchdog may leave: no lease, or nothing listed still running. Units cannot be
    /// seen without systemctl, so they count as running until fenced and then found down.
    /// </summary>
    private bool NothingLeft(LeaseFile? lease) =>
        lease is null || lease.ExpiresAtMonotonicMs == 0 ||
        (!lease.Targets.PidFiles.Any(f => OwnedProcesses.Find(f) is { Ownership: PidOwnership.Owned }) &&
            (lease.Targets.Units.Count == 0 || (_unitsFencedFor == lease.ExpiresAtMonotonicMs && _unitsDown)));
}
