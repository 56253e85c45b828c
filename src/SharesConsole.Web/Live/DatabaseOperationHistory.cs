using SharesConsole.Data.Stores;

namespace SharesConsole.Web.Live;

/// <summary>Operations as the failover engine recorded them in the database, with each step's own start and end.</summary>
public sealed class DatabaseOperationHistory(OperationStore store) : IOperationHistory
{
    public async Task<IReadOnlyList<OperationRecord>> RecentAsync(int limit, CancellationToken cancellationToken)
    {
        var stored = await store.ListRecentWithStepsAsync(Math.Clamp(limit, 1, 1000), cancellationToken);
        return [.. stored.Select(ToRecord)];
    }

    public static OperationRecord ToRecord(StoredOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        // Steps that never started (the rest of a failed plan) have no time to show.
        var steps = operation.Steps.OrderBy(s => s.Index)
            .Where(s => s.StartedAt is not null)
            .Select(s => new StepRecord(s.Name, s.StartedAt!.Value, s.EndedAt))
            .ToList();
        return new OperationRecord(operation.Summary, steps);
    }
}
