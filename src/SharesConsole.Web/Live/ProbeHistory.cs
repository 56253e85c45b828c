using System.Collections.Concurrent;
using SharesConsole.Core.State;

namespace SharesConsole.Web.Live;

/// <summary>One observation of a service on a node, as one heartbeat reported it.</summary>
public sealed record ProbeRecord(DateTimeOffset Time, ObservedState State, bool? ProbeOk, double? LatencyMs, string? Error);

/// <summary>
/// Keeps the last <see cref="Capacity"/> observations of every service on every node, one per heartbeat,
/// read from the state stream, for the service detail view.
/// </summary>
public sealed class ProbeHistory(IClusterStateSource state) : BackgroundService
{
    public const int Capacity = 300;

    private readonly ConcurrentDictionary<(string Service, string Node), Queue<ProbeRecord>> _history = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastHeartbeat = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Oldest first.</summary>
    public IReadOnlyList<ProbeRecord> For(string service, string node)
    {
        if (!_history.TryGetValue((service.ToLowerInvariant(), node.ToLowerInvariant()), out var queue))
        {
            return [];
        }

        lock (queue)
        {
            return [.. queue];
        }
    }

    /// <summary>Records the observations of every node whose heartbeat is newer than the last one recorded.</summary>
    public void Record(ClusterState snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        foreach (var node in snapshot.Nodes)
        {
            if (node.LastHeartbeat is not { } beat || (_lastHeartbeat.TryGetValue(node.Name, out var last) && last >= beat))
            {
                continue;
            }

            _lastHeartbeat[node.Name] = beat;
            foreach (var observation in node.Services.Values)
            {
                var queue = _history.GetOrAdd((observation.Service.ToLowerInvariant(), node.Name.ToLowerInvariant()), _ => new Queue<ProbeRecord>());
                lock (queue)
                {
                    queue.Enqueue(new ProbeRecord(beat, observation.State, observation.ProbeOk, observation.ProbeLatencyMs, observation.Error));
                    while (queue.Count > Capacity)
                    {
                        queue.Dequeue();
                    }
                }
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var snapshot in state.WatchAsync(stoppingToken))
            {
                Record(snapshot);
            }
        }
        catch (OperationCanceledException)
        {
            // Host stopping.
        }
    }
}
