using System.Collections.Immutable;
using SharesConsole.Core.Failover;
using SharesConsole.Core.State;

namespace SharesConsole.Data.Stores;

/// <summary>An operation as recorded: the summary the console shows plus epochs, error and every step.</summary>
public sealed record StoredOperation
{
    public required OperationSummary Summary { get; init; }

    public long EpochBefore { get; init; }

    public long? EpochAfter { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public string? Error { get; init; }

    public ImmutableArray<StoredStep> Steps { get; init; } = [];
}

/// <summary>One recorded step; <see cref="Duration"/> is known once it ended.</summary>
public sealed record StoredStep(int Index, string Name, StepStatus Status, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, string? Detail)
{
    public TimeSpan? Duration => EndedAt - StartedAt;
}
