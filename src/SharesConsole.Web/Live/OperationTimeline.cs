using SharesConsole.Core.State;

namespace SharesConsole.Web.Live;

/// <summary>Stored operations with the live state's summaries laid over them.</summary>
public static class OperationTimeline
{
    /// <summary>
    /// One record per operation, newest first, with the steps the store recorded. A live summary (the running
    /// operation, the last one that ended) replaces the stored summary while the store has not caught up, so the
    /// status never lags the banner; an operation the store has not returned yet is shown without steps.
    /// </summary>
    public static IReadOnlyList<OperationRecord> Merge(IReadOnlyList<OperationRecord> stored, IEnumerable<OperationSummary?> live, int limit)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(live);
        var merged = stored.ToDictionary(r => r.Summary.Id);
        foreach (var summary in live)
        {
            if (summary is null)
            {
                continue;
            }

            if (!merged.TryGetValue(summary.Id, out var saved))
            {
                merged[summary.Id] = new OperationRecord(summary, []);
            }
            else if (!HasEnded(saved.Summary))
            {
                merged[summary.Id] = saved with { Summary = summary };
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
