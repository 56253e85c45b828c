using SharesConsole.Core.Cluster;
using SharesConsole.Core.State;
using SharesConsole.Web.Cluster;

namespace SharesConsole.Web.ControlPlane;

/// <summary>Turns verdict changes between two states into audit events (node down, node up, other changes).</summary>
public sealed partial class VerdictEventEmitter(ClusterStatePublisher publisher, IEventRecorder events, ILogger<VerdictEventEmitter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ClusterState? before = null;
        try
        {
            await foreach (var after in publisher.WatchAsync(stoppingToken))
            {
                if (before is not null)
                {
                    foreach (var node in after.Nodes)
                    {
                        var old = before.Find(node.Name);
                        if (old is null || old.Verdict == node.Verdict)
                        {
                            continue;
                        }

                        var (kind, severity) = node.Verdict switch
                        {
                            NodeVerdict.Down => (EventKinds.NodeDown, EventSeverity.Error),
                            NodeVerdict.Healthy when old.Verdict == NodeVerdict.Down => (EventKinds.NodeUp, EventSeverity.Info),
                            NodeVerdict.Degraded => (EventKinds.NodeVerdictChanged, EventSeverity.Warning),
                            _ => (EventKinds.NodeVerdictChanged, EventSeverity.Info),
                        };
                        try
                        {
                            await events.RecordAsync(kind, $"{node.Name}: {old.Verdict} → {node.Verdict}.", node.Name, severity: severity, cancellationToken: stoppingToken);
                        }
                        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                        {
                            // A lost audit line is logged; it must not end the emitter or stop the host.
                            LogRecordFailed(logger, kind, node.Name, ex);
                        }
                    }
                }

                before = after;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 6060, Level = LogLevel.Error, Message = "Recording the {Kind} event for {Node} failed")]
    private static partial void LogRecordFailed(ILogger logger, string kind, string node, Exception exception);
}
