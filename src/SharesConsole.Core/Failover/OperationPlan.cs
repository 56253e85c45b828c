using SharesConsole.Core.State;

namespace SharesConsole.Core.Failover;

/// <summary>What an operation will do, fixed when it is created so a resumed run does the same thing.</summary>
public sealed record OperationPlan
{
    public required Guid Id { get; init; }

    public required OperationKind Kind { get; init; }

    /// <summary>The active node when the operation was created.</summary>
    public required string Source { get; init; }

    public required string Target { get; init; }

    /// <summary>The epoch when the operation was created; it raises it to exactly this + 1.</summary>
    public required long ExpectedEpoch { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required TimeSpan Lease { get; init; }

    public required IReadOnlyList<OperationStep> Steps { get; init; }
}
