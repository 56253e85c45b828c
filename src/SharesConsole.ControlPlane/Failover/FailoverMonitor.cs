using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SharesConsole.ControlPlane.Configuration;
using SharesConsole.ControlPlane.State;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane.Failover;

/// <summary>
/// Watches every new cluster state and starts an automatic failover when the active node is down,
/// or when the reconciler reports an active/passive service that used up its restarts; optional failback.
/// </summary>
public sealed partial class FailoverMonitor(
    IClusterStateSource state,
    IOperationLauncher engine,
    TimeProvider time,
    IOptions<ControlPlaneOptions> options,
    ILogger<FailoverMonitor> logger) : BackgroundService, IServiceGaveUpReporter
{
    // Monotonic stamps: a wall-clock step must neither start a failback early nor hold one back.
    private readonly ConcurrentDictionary<string, long> _healthySince = new(StringComparer.OrdinalIgnoreCase);
    private string? _gaveUp;

    /// <summary>Failback waits until the preferred node has been healthy this long.</summary>
    public TimeSpan FailbackStablePeriod { get; init; } = options.Value.Failover.FailbackStablePeriod;

    /// <summary>Called by the reconciler when an active/passive service exhausted its in-place restarts.</summary>
    public void ReportGaveUp(string service) => Volatile.Write(ref _gaveUp, service);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Right after a start no node has reported yet and the probes have not risen: nothing is
            // known to be down, so automatic decisions wait one lease plus one detection time.
            var started = time.GetTimestamp();
            var grace = state.Current.Topology.Settings.Lease + state.Current.Topology.Settings.HealthCheck.DetectionTime;
            await foreach (var current in state.WatchAsync(stoppingToken))
            {
                TrackHealthy(current);
                if (time.GetElapsedTime(started) < grace)
                {
                    continue;
                }

                try
                {
                    await DecideAsync(current, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // A failed start (a busy database, say) must not end the watch: a dead monitor means no failover
                    // ever again, and the host would stop with it. The next state decides afresh.
                    LogDecisionFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DecideAsync(ClusterState current, CancellationToken stoppingToken)
    {
        var gaveUp = Volatile.Read(ref _gaveUp);
        var decision = FailoverTrigger.Evaluate(current, gaveUp)
            ?? FailoverTrigger.EvaluateFailback(current, HealthyFor, FailbackStablePeriod);
        if (decision is null)
        {
            return;
        }

        var result = await engine.StartFailoverAsync(decision, stoppingToken);
        if (result.Ok)
        {
            Interlocked.CompareExchange(ref _gaveUp, null, gaveUp);
            LogStarted(logger, decision.Source, decision.Target, decision.Reason);
        }
    }

    private void TrackHealthy(ClusterState current)
    {
        foreach (var node in current.Nodes)
        {
            if (node.Verdict == NodeVerdict.Healthy)
            {
                _healthySince.TryAdd(node.Name, time.GetTimestamp());
            }
            else
            {
                _healthySince.TryRemove(node.Name, out _);
            }
        }
    }

    private TimeSpan HealthyFor(string node) =>
        _healthySince.TryGetValue(node, out var since) ? time.GetElapsedTime(since) : TimeSpan.Zero;

    [LoggerMessage(EventId = 6010, Level = LogLevel.Warning, Message = "Automatic failover {Source} -> {Target}: {Reason}")]
    private static partial void LogStarted(ILogger logger, string source, string target, string reason);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Error, Message = "Failover monitor: deciding on the current cluster state failed; the next state decides again")]
    private static partial void LogDecisionFailed(ILogger logger, Exception exception);
}
