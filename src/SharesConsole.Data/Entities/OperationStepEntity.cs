namespace SharesConsole.Data.Entities;

public sealed class OperationStepEntity
{
    public long Id { get; set; }

    public Guid OperationId { get; set; }

    public int Index { get; set; }

    public string Name { get; set; } = "";

    public string Status { get; set; } = "";

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public string? Detail { get; set; }
}
