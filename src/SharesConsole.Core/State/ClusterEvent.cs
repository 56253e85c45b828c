namespace SharesConsole.Core.State;

public enum EventSeverity
{
    Info,
    Warning,
    Error,
}

/// <summary>One entry of the audit log. Kinds are stable strings (see <see cref="EventKinds"/>).</summary>
public sealed record ClusterEvent
{
    public long Id { get; init; }

    public required DateTimeOffset Time { get; init; }

    public required string Kind { get; init; }

    public EventSeverity Severity { get; init; }

    public string? Node { get; init; }

    public string? Service { get; init; }

    public Guid? OperationId { get; init; }

    public required string Message { get; init; }
}
