using System.ComponentModel;

namespace SharesConsole.Agent.Drivers.Systemd;

/// <summary>The <c>systemctl</c> calls the agent makes; a missing executable comes back as a failed result.</summary>
internal sealed class Systemctl(string path)
{
    public string Path { get; } = path;

    public Task<SystemctlResult> IsActiveAsync(string unit, CancellationToken cancellationToken) => RunAsync(["is-active", unit], cancellationToken);

    public Task<SystemctlResult> StartAsync(string unit, CancellationToken cancellationToken) => RunAsync(["start", unit], cancellationToken);

    public Task<SystemctlResult> StopAsync(string unit, CancellationToken cancellationToken) => RunAsync(["stop", unit], cancellationToken);

    /// <summary>SIGKILL to every process of the unit: an abnormal exit, which the unit's Restart= setting decides about.</summary>
    public Task<SystemctlResult> KillAsync(string unit, CancellationToken cancellationToken) => RunAsync(["kill", "--signal=KILL", unit], cancellationToken);

    public Task<SystemctlResult> DaemonReloadAsync(CancellationToken cancellationToken) => RunAsync(["daemon-reload"], cancellationToken);

    public async Task<SystemctlResult> RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var command = string.Join(' ', arguments);
        try
        {
            var (exit, output) = await CommandRunner.RunAsync(Path, arguments, cancellationToken).ConfigureAwait(false);
            return new SystemctlResult(command, exit, output);
        }
        catch (Win32Exception e)
        {
            return new SystemctlResult(command, null, $"Cannot run {Path}: {e.Message}");
        }
    }
}

/// <summary>One systemctl call: its exit code (null when it could not run) and its output.</summary>
internal sealed record SystemctlResult(string Command, int? ExitCode, string Output)
{
    public bool Ok => ExitCode == 0;

    /// <summary>The last word of <c>is-active</c>: active, activating, inactive, failed, …</summary>
    public string State => Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";

    /// <summary>The unit runs or is on its way up (an automatic restart shows as activating).</summary>
    public bool IsUp => ExitCode is not null && State is "active" or "activating" or "reloading";

    public string Describe() => ExitCode is { } exit
        ? $"systemctl {Command} exited with code {exit}: {(Output.Length == 0 ? "(no output)" : Output)}"
        : Output;
}
