namespace SharesConsole.Data.Entities;

/// <summary>A failover, switchover or drill with its steps.</summary>
public sealed class OperationEntity
{
    public Guid Id { get; set; }

    public string Kind { get; set; } = "";

    public string Status { get; set; } = "";

    /// <summary>1 while the operation is pending or running, null after; a unique index allows one such row.</summary>
    public int? ActiveSlot { get; set; }

    public string? SourceNode { get; set; }

    public string? TargetNode { get; set; }

    public string? Reason { get; set; }

    public long EpochBefore { get; set; }

    public long? EpochAfter { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public string? Error { get; set; }

    public string? CurrentStep { get; set; }

    public List<OperationStepEntity> Steps { get; set; } = [];
}
