using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SharesConsole.Core.Agents;

namespace SharesConsole.Agent.Drivers.Systemd;

/// <summary>
/// Drives a systemd unit through <c>systemctl</c>. Given a unit directory (active/passive services), it holds the unit
/// to <c>Restart=no</c> with a runtime drop-in from <see cref="AttachAsync"/> until <see cref="DisposeAsync"/>.
/// </summary>
public sealed partial class SystemdDriver : IServiceDriver
{
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(30);
    private readonly Systemctl _systemctl;
    private readonly string _unit;
    private readonly RestartGuard? _guard;
    private readonly ILogger _logger;
    private int _attached;

    /// <param name="systemctl">The systemctl executable.</param>
    /// <param name="unit">The unit, as systemctl accepts it (<c>mariadb</c> or <c>mariadb.service</c>).</param>
    /// <param name="unitDirectory">Where the runtime drop-in goes (<c>/run/systemd/system</c>); null for a unit left to restart itself.</param>
    /// <param name="logger">Reports the drop-in's removal, which has no caller to answer to.</param>
    public SystemdDriver(string systemctl, string unit, string? unitDirectory = null, ILogger<SystemdDriver>? logger = null)
    {
        _systemctl = new Systemctl(systemctl);
        _unit = unit;
        _guard = unitDirectory is null ? null : new RestartGuard(_systemctl, unitDirectory, unit);
        _logger = logger ?? NullLogger<SystemdDriver>.Instance;
    }

    /// <summary>The drop-in this driver installs; null when it leaves the unit's restart policy alone.</summary>
    public string? DropInPath => _guard?.Path;

    public async Task<DriverResult> AttachAsync(CancellationToken cancellationToken)
    {
        if (_guard is null)
        {
            return DriverResult.AlreadyThere();
        }

        Interlocked.Exchange(ref _attached, 1);
        if (await _guard.InstallAsync(cancellationToken).ConfigureAwait(false) is { } error)
        {
            LogGuardFailed(_logger, _unit, error);
            return DriverResult.Failed($"Unit {_unit} may restart itself after a fence: {error}");
        }

        LogGuardInstalled(_logger, _unit, _guard.Path);
        return DriverResult.Done();
    }

    public async Task<DriverResult> StartAsync(CancellationToken cancellationToken)
    {
        var state = await GetStateAsync(cancellationToken).ConfigureAwait(false);
        if (state.State == ServiceRunState.Running)
        {
            return DriverResult.AlreadyThere(state.Pid);
        }

        return Result(await _systemctl.StartAsync(_unit, cancellationToken).ConfigureAwait(false));
    }

    public async Task<DriverResult> StopAsync(CancellationToken cancellationToken)
    {
        var state = await GetStateAsync(cancellationToken).ConfigureAwait(false);
        if (state.State == ServiceRunState.Stopped)
        {
            return DriverResult.AlreadyThere();
        }

        return Result(await _systemctl.StopAsync(_unit, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// SIGKILL to the unit's processes, then <c>systemctl stop</c>: the kill ends the service at once, the stop leaves the
    /// unit stopped (it cancels an automatic restart the kill may have scheduled if the drop-in is missing).
    /// </summary>
    public async Task<DriverResult> FenceAsync(CancellationToken cancellationToken)
    {
        var kill = await _systemctl.KillAsync(_unit, cancellationToken).ConfigureAwait(false);
        var stop = await _systemctl.StopAsync(_unit, cancellationToken).ConfigureAwait(false);
        return stop.Ok ? DriverResult.Done() : DriverResult.Failed(kill.Ok ? stop.Describe() : $"{kill.Describe()}; {stop.Describe()}");
    }

    public async Task<DriverState> GetStateAsync(CancellationToken cancellationToken)
    {
        var result = await _systemctl.IsActiveAsync(_unit, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode is null)
        {
            return new DriverState(ServiceRunState.Unknown, null, result.Output);
        }

        return result.State switch
        {
            "active" or "reloading" => new DriverState(ServiceRunState.Running),
            "activating" => new DriverState(ServiceRunState.Starting),
            "deactivating" => new DriverState(ServiceRunState.Stopping),
            "inactive" => DriverState.Stopped,
            "failed" => new DriverState(ServiceRunState.Failed, null, $"Unit {_unit} failed."),
            _ => new DriverState(ServiceRunState.Unknown, null, $"systemctl is-active {_unit}: {result.Output}"),
        };
    }

    public void Crash()
    {
    }

    /// <summary>Removes the drop-in: the unit's own restart policy applies again once the agent no longer manages it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_guard is null || Interlocked.Exchange(ref _attached, 0) == 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(ReleaseTimeout);
        try
        {
            if (await _guard.RemoveAsync(timeout.Token).ConfigureAwait(false) is { } error)
            {
                LogGuardNotRemoved(_logger, _unit, error);
            }
            else
            {
                LogGuardRemoved(_logger, _unit, _guard.Path);
            }
        }
        catch (OperationCanceledException)
        {
            LogGuardNotRemoved(_logger, _unit, $"systemctl daemon-reload did not finish within {ReleaseTimeout.TotalSeconds:0} s");
        }
    }

    private static DriverResult Result(SystemctlResult result) => result.Ok ? DriverResult.Done() : DriverResult.Failed(result.Describe());

    [LoggerMessage(EventId = 170, Level = LogLevel.Information, Message = "Unit {Unit}: Restart=no while the agent manages it ({Path})")]
    private static partial void LogGuardInstalled(ILogger logger, string unit, string path);

    [LoggerMessage(EventId = 171, Level = LogLevel.Error, Message = "Unit {Unit}: the Restart=no drop-in is not in place, so a fenced unit may restart itself: {Reason}")]
    private static partial void LogGuardFailed(ILogger logger, string unit, string reason);

    [LoggerMessage(EventId = 172, Level = LogLevel.Information, Message = "Unit {Unit}: no longer managed; its own restart policy applies again ({Path} removed)")]
    private static partial void LogGuardRemoved(ILogger logger, string unit, string path);

    [LoggerMessage(EventId = 173, Level = LogLevel.Warning, Message = "Unit {Unit}: the Restart=no drop-in was not removed: {Reason}")]
    private static partial void LogGuardNotRemoved(ILogger logger, string unit, string reason);
}
