namespace SharesConsole.Core.Agents;

/// <summary>Node resource figures sent with every heartbeat; null when the agent cannot read one.</summary>
public sealed record NodeMetrics
{
    public double? CpuPercent { get; init; }

    public double? MemoryUsedPercent { get; init; }

    public double? Load1 { get; init; }

    public long? SharedStorageFreeBytes { get; init; }
}
