using SharesConsole.Core.State;

namespace SharesConsole.Web.Live;

/// <summary>One step of an operation as the operation store recorded it (an open step has no end yet).</summary>
public sealed record StepRecord(string Name, DateTimeOffset StartedAt, DateTimeOffset? EndedAt)
{
    public TimeSpan? Duration => EndedAt - StartedAt;
}

/// <summary>An operation with its recorded steps; <see cref="Summary"/> is its latest summary.</summary>
public sealed record OperationRecord(OperationSummary Summary, IReadOnlyList<StepRecord> Steps);
