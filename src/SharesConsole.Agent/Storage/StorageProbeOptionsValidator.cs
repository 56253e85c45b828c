namespace SharesConsole.Agent.Storage;

/// <summary>Collects every error of <c>Agent:Storage</c>, each naming its key.</summary>
public static class StorageProbeOptionsValidator
{
    public static void Collect(List<string> errors, string key, StorageProbeOptions options, string? sharedStoragePath)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Interval <= TimeSpan.Zero)
        {
            errors.Add($"{key}:Interval must be positive (got {options.Interval}).");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            errors.Add($"{key}:Timeout must be positive (got {options.Timeout}).");
        }
        else if (options.Interval > TimeSpan.Zero && options.Timeout > options.Interval)
        {
            errors.Add($"{key}:Timeout ({options.Timeout}) must not exceed {key}:Interval ({options.Interval}): a hung mount must be reported unfit within Interval × Fall.");
        }

        if (options.Fall < 1)
        {
            errors.Add($"{key}:Fall must be at least 1 (got {options.Fall}).");
        }

        if (options.Rise < 1)
        {
            errors.Add($"{key}:Rise must be at least 1 (got {options.Rise}).");
        }

        if (options.WarningFreeBytes < 0)
        {
            errors.Add($"{key}:WarningFreeBytes must be 0 (off) or more (got {options.WarningFreeBytes}).");
        }

        if (options.CriticalFreeBytes < 0)
        {
            errors.Add($"{key}:CriticalFreeBytes must be 0 (off) or more (got {options.CriticalFreeBytes}).");
        }
        else if (options.CriticalFreeBytes > 0 && options.WarningFreeBytes > 0 && options.CriticalFreeBytes >= options.WarningFreeBytes)
        {
            errors.Add($"{key}:CriticalFreeBytes ({options.CriticalFreeBytes}) must be below {key}:WarningFreeBytes ({options.WarningFreeBytes}): the warning comes first.");
        }

        if (options.Enabled && !string.IsNullOrWhiteSpace(sharedStoragePath) && !Path.IsPathFullyQualified(sharedStoragePath))
        {
            errors.Add($"Agent:SharedStoragePath must be an absolute path when {key}:Enabled is set (got '{sharedStoragePath}').");
        }

        if (options.Enabled && options.RequireMountPoint && string.IsNullOrWhiteSpace(sharedStoragePath))
        {
            errors.Add($"{key}:RequireMountPoint needs Agent:SharedStoragePath (the mount to probe).");
        }
    }
}
