namespace SharesConsole.Web.Live;

/// <summary>Joins stored minutes with the ones this process rolled up after the last stored minute.</summary>
public static class TrafficMinutes
{
    /// <summary>Oldest first, at most <paramref name="count"/> of the newest minutes.</summary>
    public static IReadOnlyList<TrafficSample> Merge(IReadOnlyList<TrafficSample> stored, IReadOnlyList<TrafficSample> live, int count)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(live);
        var lastStored = stored.Count > 0 ? stored[^1].Time : DateTimeOffset.MinValue;
        return [.. stored.Concat(live.Where(s => s.Time > lastStored)).TakeLast(count)];
    }
}
