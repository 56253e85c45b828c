using SharesConsole.Core.State;

namespace SharesConsole.Web.Live;

/// <summary>Merges stored operations with the ones the journal follows live.</summary>
public static class OperationTimeline
{
    /// <summary>
    /// One record per operation, newest first: the stored record once it has ended (the engine's own step times),
    /// the live one while the store has not caught up (still running, or not written yet).
    /// </summary>
    public static IReadOnlyList<OperationRecord> Merge(IReadOnlyList<OperationRecord> stored, IReadOnlyList<OperationRecord> live, int limit)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(live);
        var merged = stored.ToDictionary(r => r.Summary.Id);
        foreach (var record in live)
        {
            if (!merged.TryGetValue(record.Summary.Id, out var saved) || (!HasEnded(saved.Summary) && HasEnded(record.Summary)) ||
                (!HasEnded(saved.Summary) && record.Steps.Count > saved.Steps.Count))
            {
                merged[record.Summary.Id] = record;
            }
        }

        return [.. merged.Values.OrderByDescending(r => r.Summary.CreatedAt).Take(limit)];
    }

    public static bool HasEnded(OperationSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return summary.Status is OperationStatus.Succeeded or OperationStatus.Failed;
    }
}
