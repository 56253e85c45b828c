namespace SharesConsole.Data.Entities;

/// <summary>One audit-log entry. Append-only: the context refuses updates and deletes.</summary>
public sealed class EventEntity
{
    public long Id { get; set; }

    public DateTimeOffset Time { get; set; }

    public string Kind { get; set; } = "";

    public string Severity { get; set; } = "";

    public string? Node { get; set; }

    public string? Service { get; set; }

    public Guid? OperationId { get; set; }

    public string Message { get; set; } = "";

    public string? DataJson { get; set; }
}
