using System.ComponentModel;
using SharesConsole.Core.Agents;

namespace SharesConsole.Agent.Drivers.Systemd;

/// <summary>Drives a systemd unit through <c>systemctl</c>.</summary>
public sealed class SystemdDriver(string systemctl, string unit) : IServiceDriver
{
    public async Task<DriverResult> StartAsync(CancellationToken cancellationToken)
    {
        var state = await GetStateAsync(cancellationToken).ConfigureAwait(false);
        if (state.State == ServiceRunState.Running)
        {
            return DriverResult.AlreadyThere(state.Pid);
        }

        return await RunAsync("start", cancellationToken).ConfigureAwait(false);
    }

    public async Task<DriverResult> StopAsync(CancellationToken cancellationToken)
    {
        var state = await GetStateAsync(cancellationToken).ConfigureAwait(false);
        if (state.State == ServiceRunState.Stopped)
        {
            return DriverResult.AlreadyThere();
        }

        return await RunAsync("stop", cancellationToken).ConfigureAwait(false);
    }

    public async Task<DriverState> GetStateAsync(CancellationToken cancellationToken)
    {
        try
        {
            var (_, output) = await CommandRunner.RunAsync(systemctl, ["is-active", unit], cancellationToken).ConfigureAwait(false);
            var word = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
            return word switch
            {
                "active" or "reloading" => new DriverState(ServiceRunState.Running),
                "activating" => new DriverState(ServiceRunState.Starting),
                "deactivating" => new DriverState(ServiceRunState.Stopping),
                "inactive" => DriverState.Stopped,
                "failed" => new DriverState(ServiceRunState.Failed, null, $"Unit {unit} failed."),
                _ => new DriverState(ServiceRunState.Unknown, null, $"systemctl is-active {unit}: {output}"),
            };
        }
        catch (Win32Exception e)
        {
            return new DriverState(ServiceRunState.Unknown, null, $"Cannot run {systemctl}: {e.Message}");
        }
    }

    public void Crash()
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<DriverResult> RunAsync(string verb, CancellationToken cancellationToken)
    {
        try
        {
            var (exit, output) = await CommandRunner.RunAsync(systemctl, [verb, unit], cancellationToken).ConfigureAwait(false);
            return exit == 0
                ? DriverResult.Done()
                : DriverResult.Failed($"systemctl {verb} {unit} exited with code {exit}: {(output.Length == 0 ? "(no output)" : output)}");
        }
        catch (Win32Exception e)
        {
            return DriverResult.Failed($"Cannot run {systemctl}: {e.Message}");
        }
    }
}
