namespace SharesConsole.Core.Drift;

/// <summary>
/// Remembers drifts between deep health checks so each is reported once: as detected when it has been seen
/// on <see cref="Confirmations"/> consecutive checks (one-check blips during a convergence are not drift),
/// and as resolved on the first check that no longer sees it. Thread-safe.
/// </summary>
public sealed class DriftTracker(int confirmations = 2)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Tracked> _tracked = new(StringComparer.Ordinal);

    public int Confirmations { get; } = Math.Max(1, confirmations);

    /// <summary>Drifts reported as detected and not yet resolved.</summary>
    public IReadOnlyList<DriftFinding> Open
    {
        get
        {
            lock (_gate)
            {
                return [.. _tracked.Values.Where(t => t.Raised).Select(t => t.Finding)];
            }
        }
    }

    public DriftChanges Update(IReadOnlyList<DriftFinding> findings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var detected = new List<DriftChange>();
        var resolved = new List<DriftChange>();
        lock (_gate)
        {
            var present = new HashSet<string>(StringComparer.Ordinal);
            foreach (var finding in findings)
            {
                if (!present.Add(finding.Key))
                {
                    continue;
                }

                var tracked = _tracked.TryGetValue(finding.Key, out var before)
                    ? before with { Finding = finding, Seen = before.Seen + 1 }
                    : new Tracked(finding, now, 1, false);
                if (!tracked.Raised && tracked.Seen >= Confirmations)
                {
                    tracked = tracked with { Raised = true };
                    detected.Add(new DriftChange(finding, tracked.FirstSeen, now));
                }

                _tracked[finding.Key] = tracked;
            }

            foreach (var gone in _tracked.Where(t => !present.Contains(t.Key)).ToList())
            {
                _tracked.Remove(gone.Key);
                if (gone.Value.Raised)
                {
                    resolved.Add(new DriftChange(gone.Value.Finding, gone.Value.FirstSeen, now));
                }
            }
        }

        return detected.Count == 0 && resolved.Count == 0 ? DriftChanges.None : new DriftChanges(detected, resolved);
    }

    private sealed record Tracked(DriftFinding Finding, DateTimeOffset FirstSeen, int Seen, bool Raised);
}
