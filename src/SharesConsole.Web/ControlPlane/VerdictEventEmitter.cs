using SharesConsole.Core.Cluster;
using SharesConsole.Core.State;
using SharesConsole.Web.Cluster;

namespace SharesConsole.Web.ControlPlane;

/// <summary>Turns verdict changes between two states into audit events (node down, node up, other changes).</summary>
public sealed class VerdictEventEmitter(ClusterStatePublisher publisher, IEventRecorder events) : BackgroundService
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
                        await events.RecordAsync(kind, $"{node.Name}: {old.Verdict} → {node.Verdict}.", node.Name, severity: severity, cancellationToken: stoppingToken);
                    }
                }

                before = after;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
