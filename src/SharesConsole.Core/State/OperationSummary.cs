namespace SharesConsole.Core.State;

public enum OperationKind
{
    Failover,
    Switchover,
    Drill,
}

public enum OperationStatus
{
    Pending,
    Running,
    Succeeded,
    Failed,
}

/// <summary>A failover or switchover as the console shows it in banners and lists.</summary>
public sealed record OperationSummary
{
    public required Guid Id { get; init; }

    public required OperationKind Kind { get; init; }

    public required OperationStatus Status { get; init; }

    public string? SourceNode { get; init; }

    public string? TargetNode { get; init; }

    public string? CurrentStep { get; init; }

    public string? Reason { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public TimeSpan? Duration => EndedAt - CreatedAt;
}
