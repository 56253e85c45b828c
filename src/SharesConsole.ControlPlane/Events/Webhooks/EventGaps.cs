namespace SharesConsole.ControlPlane.Events.Webhooks;

/// <summary>
/// Decides how far the outbox cursor may move over a page of event ids. On MariaDB an id is taken when the insert
/// starts but seen only at commit, so a later id can show up while an earlier one is still on its way: moving past
/// the hole would lose that event. A hole is passed only once it has stayed open for <paramref name="grace"/> after
/// a later id was seen (its insert was rolled back). On SQLite writers are serialized and holes never appear.
/// </summary>
public sealed class EventGaps(TimeProvider time, TimeSpan grace)
{
    private readonly Queue<(long Id, DateTimeOffset SeenAt)> _sightings = new();
    private long _highestSighting;
    private long _settled;

    /// <summary>
    /// How many of <paramref name="ids"/> (ascending, all after <paramref name="cursor"/>) may be handed on now: all up
    /// to the first hole that has not been open long enough.
    /// </summary>
    public int Ready(long cursor, IReadOnlyList<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var now = time.GetUtcNow();
        if (ids.Count > 0 && ids[^1] > _highestSighting)
        {
            _highestSighting = ids[^1];
            _sightings.Enqueue((ids[^1], now));
        }

        // Every id below one seen at least a grace period ago was taken before that sighting: settled either way.
        while (_sightings.Count > 0 && now - _sightings.Peek().SeenAt >= grace)
        {
            _settled = Math.Max(_settled, _sightings.Dequeue().Id);
        }

        var expected = cursor + 1;
        var ready = 0;
        foreach (var id in ids)
        {
            if (id != expected && id > _settled)
            {
                break;
            }

            expected = id + 1;
            ready++;
        }

        return ready;
    }
}
