namespace SharesConsole.Core.State;

/// <summary>Resource figures an agent reports with each heartbeat.</summary>
public sealed record NodeMetrics
{
    public double CpuPercent { get; init; }

    public double MemoryUsedPercent { get; init; }

    public double Load1 { get; init; }

    public long? SharedStorageFreeBytes { get; init; }
}
