using Microsoft.Extensions.Options;
using SharesConsole.ControlPlane.Configuration;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane.State;

/// <summary>
/// Rebuilds the <see cref="ClusterState"/>: synchronously for every change written through <see cref="ClusterStore"/>
/// (which calls <see cref="Rebuild"/>), here for what changes outside it (the edge's probe verdicts, the topology
/// source) and on a short tick so heartbeat ages are judged on time.
/// </summary>
public sealed class ClusterStateRefresher(
    ClusterStatePublisher publisher,
    IClusterTopologySource topology,
    CatalogHolder catalog,
    AgentReportStore reports,
    INodeHealthSource health,
    OperationTracker operations,
    TimeProvider time,
    IOptions<ControlPlaneOptions> options) : BackgroundService
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly Lock _rebuild = new();
    private long _version = publisher.Current.Version;

    public ClusterState Current => publisher.Current;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        topology.Changed += OnInput;
        health.Changed += OnInput;
        try
        {
            var tick = TimeSpan.FromMilliseconds(options.Value.StateRefreshMs);
            while (!stoppingToken.IsCancellationRequested)
            {
                Rebuild();
                try
                {
                    await _signal.WaitAsync(tick, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        finally
        {
            topology.Changed -= OnInput;
            health.Changed -= OnInput;
        }
    }

    /// <summary>Builds and publishes a new state now.</summary>
    public ClusterState Rebuild()
    {
        // One rebuild at a time, so states are published in version order.
        lock (_rebuild)
        {
            return RebuildLocked();
        }
    }

    private ClusterState RebuildLocked()
    {
        var after = ClusterStateBuilder.Build(
            Interlocked.Increment(ref _version),
            time.GetUtcNow(),
            topology.Current,
            catalog.Current,
            reports.Snapshot(),
            health,
            TimeSpan.FromMilliseconds(options.Value.HeartbeatTimeoutMs),
            operations.Running,
            operations.LastFailover,
            time.GetElapsedTime);
        publisher.Publish(after);
        return after;
    }

    private void OnInput(object? sender, object? e)
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another input already woke the loop.
            }
        }
    }

    private void OnInput(object? sender, EventArgs e) => OnInput(sender, (object?)e);

    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
    }
}
