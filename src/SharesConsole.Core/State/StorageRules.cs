using System.Globalization;
using SharesConsole.Core.Agents;

namespace SharesConsole.Core.State;

/// <summary>
/// What the agent's shared-storage probe means for the active/passive group. The agent applies fall/rise; a node whose
/// probe says unfit never hosts the group. An agent that does not probe (older, or no shared path) is never unfit.
/// </summary>
public static class StorageRules
{
    public static bool IsFitForActive(StorageHealth? storage) => storage?.FitForActive != false;

    /// <summary>Why <paramref name="node"/> may not host the active/passive group for its storage, or null when it may.</summary>
    public static string? UnfitReason(string node, StorageHealth? storage) => IsFitForActive(storage)
        ? null
        : string.Create(CultureInfo.InvariantCulture,
            $"{node} is unfit for active: its shared storage probe failed {storage!.ConsecutiveFailures} times in a row ({Describe(storage.Status)}{(storage.LastError is { } e ? ": " + e : "")}).");

    public static string Describe(StorageStatus status) => status switch
    {
        StorageStatus.Timeout => "timeout",
        StorageStatus.ReadOnly => "read-only",
        StorageStatus.NoMount => "not mounted",
        StorageStatus.CriticalSpace => "free space below the critical threshold",
        StorageStatus.Error => "error",
        StorageStatus.Ok => "ok",
        _ => "unknown",
    };
}
