using System.Net;
using Microsoft.Extensions.Options;
using SharesConsole.Agent.Storage;

namespace SharesConsole.Agent.Configuration;

/// <summary>Collects every configuration error, each naming its key.</summary>
public sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckUrl(List<string> errors, string? value, string key)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            errors.Add($"{key} must be an absolute http(s) URL (got '{value}').");
        }
        else if (url.Scheme == "http" && !IsLoopback(url))
        {
            // Whoever answers this URL can start services and move the epoch: only TLS proves it is the control plane.
            errors.Add($"{key} must use https unless the control plane is on this host's loopback (got '{value}').");
        }
    }

    public static List<string> Collect(AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string s = AgentOptions.SectionName;
        var errors = new List<string>();
        Require(errors, options.NodeName, $"{s}:NodeName");
        Require(errors, options.Token, $"{s}:Token");
        Require(errors, options.StateDirectory, $"{s}:StateDirectory");
        CheckUrl(errors, options.ControlPlaneUrl, $"{s}:ControlPlaneUrl");
        for (var i = 0; i < options.ControlPlaneUrls.Count; i++)
        {
            CheckUrl(errors, options.ControlPlaneUrls[i], $"{s}:ControlPlaneUrls:{i}");
        }

        if (!IPAddress.TryParse(options.Address, out _))
        {
            errors.Add($"{s}:Address must be an IP address (got '{options.Address}').");
        }

        Positive(errors, options.Lease, $"{s}:Lease");
        if (options.MaxEpochJump < 1)
        {
            errors.Add($"{s}:MaxEpochJump must be at least 1 (got {options.MaxEpochJump}).");
        }
        Positive(errors, options.HeartbeatInterval, $"{s}:HeartbeatInterval");
        Positive(errors, options.CommandTimeout, $"{s}:CommandTimeout");
        if (options.LabWatchdog is { } watchdog)
        {
            Positive(errors, watchdog, $"{s}:LabWatchdog");
            if (watchdog >= options.Lease)
            {
                errors.Add($"{s}:LabWatchdog ({watchdog}) must be shorter than {s}:Lease ({options.Lease}): a hung node must be dead before the control plane stops waiting for its lease.");
            }
        }

        if (options.Lab && string.IsNullOrWhiteSpace(options.LabDirectory))
        {
            errors.Add($"{s}:LabDirectory is required when {s}:Lab is set (the stand-ins' shared lock files live there).");
        }
        if (options.HeartbeatInterval > TimeSpan.Zero && options.Lease > TimeSpan.Zero && options.Lease <= options.HeartbeatInterval)
        {
            errors.Add($"{s}:Lease ({options.Lease}) must be longer than {s}:HeartbeatInterval ({options.HeartbeatInterval}).");
        }

        if (options.WatchdogSlack < TimeSpan.Zero || options.WatchdogSlack > TimeSpan.FromSeconds(1.5))
        {
            errors.Add($"{s}:WatchdogSlack ({options.WatchdogSlack}) must be between 0 and 1.5 s: the control plane promotes another node 2 s after the lease.");
        }

        if (options.Services.Values.Any(v => v?.Driver == ServiceDriverKind.Systemd) && !Path.IsPathFullyQualified(options.SystemdUnitDirectory ?? ""))
        {
            errors.Add($"{s}:SystemdUnitDirectory must be an absolute path (got '{options.SystemdUnitDirectory}'): the Restart=no drop-ins of systemd units go there.");
        }

        StorageProbeOptionsValidator.Collect(errors, $"{s}:Storage", options.Storage ?? new(), options.SharedStoragePath);
        CollectDiskHeartbeat(errors, options);
        foreach (var (name, service) in options.Services)
        {
            AgentServiceOptionsValidator.Collect(errors, $"{s}:Services:{name}", service, options);
        }

        return errors;
    }

    private static void CollectDiskHeartbeat(List<string> errors, AgentOptions options)
    {
        const string d = AgentOptions.SectionName + ":DiskHeartbeat";
        var disk = options.DiskHeartbeat ?? new DiskHeartbeatOptions();
        if (!disk.IsEnabled(options))
        {
            return;
        }

        if (disk.ResolveDirectory(options) is not { } directory)
        {
            errors.Add($"{d}:Directory (or {AgentOptions.SectionName}:SharedStoragePath) is required when {d}:Enabled is true.");
        }
        else if (!Path.IsPathFullyQualified(directory))
        {
            errors.Add($"{d}:Directory must be an absolute path on the shared storage, the same on every node (got '{directory}').");
        }

        if (disk.Interval <= TimeSpan.Zero || disk.Interval > TimeSpan.FromSeconds(5))
        {
            errors.Add($"{d}:Interval ({disk.Interval}) must be more than 0 and at most 5 s: a pill must be read well within the lease.");
        }

        if (disk.IoTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{d}:IoTimeout ({disk.IoTimeout}) must be positive.");
        }
    }

    internal static void Require(List<string> errors, string? value, string key)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{key} is required.");
        }
    }

    internal static void Positive(List<string> errors, TimeSpan value, string key)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{key} must be positive (got {value}).");
        }
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
