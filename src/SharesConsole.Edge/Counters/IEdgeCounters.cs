namespace SharesConsole.Edge.Counters;

/// <summary>Read side of the edge's traffic counters, for the console and Prometheus.</summary>
public interface IEdgeCounters
{
    /// <summary>Every node and protocol seen so far, ordered by node then protocol.</summary>
    IReadOnlyList<EdgeCounterSnapshot> Snapshot();
}
