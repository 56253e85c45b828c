using SharesConsole.Core.Agents;

namespace SharesConsole.Agent.Storage;

/// <summary>One probe's findings, before fall/rise.</summary>
public sealed record StorageCheckResult(StorageStatus Status, string? Error, double? LatencyMs = null, long? FreeBytes = null, long? TotalBytes = null)
{
    public bool Ok => Status == StorageStatus.Ok;

    public static StorageCheckResult Failed(StorageStatus status, string error) => new(status, error);
}
