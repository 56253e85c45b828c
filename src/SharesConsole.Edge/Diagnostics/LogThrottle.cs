namespace SharesConsole.Edge.Diagnostics;

/// <summary>
/// At most one log line per kind of event and window: the first occurrence is logged at once, later ones in the same
/// window are only counted and reported with the next line that is let through. A flood of refused connections or
/// dropped datagrams (a spoofed source, a dead pool) costs one line a minute, never one per packet.
/// </summary>
public sealed class LogThrottle(TimeProvider time, TimeSpan window)
{
    private readonly Dictionary<string, (long Since, int Suppressed)> _kinds = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>True when a line for <paramref name="kind"/> may be written now; <paramref name="suppressed"/> = occurrences not logged since the last line.</summary>
    public bool ShouldLog(string kind, out int suppressed)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            if (_kinds.TryGetValue(kind, out var state) && time.GetElapsedTime(state.Since, now) < window)
            {
                _kinds[kind] = state with { Suppressed = state.Suppressed + 1 };
                suppressed = 0;
                return false;
            }

            suppressed = state.Suppressed;
            _kinds[kind] = (now, 0);
            return true;
        }
    }
}
