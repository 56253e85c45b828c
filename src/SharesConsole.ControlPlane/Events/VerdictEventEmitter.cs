using SharesConsole.ControlPlane.State;
using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane.Events;

/// <summary>Records the audit events of every verdict change (<see cref="VerdictTransitions"/>).</summary>
public sealed partial class VerdictEventEmitter(ClusterStatePublisher publisher, IEventRecorder events, ILogger<VerdictEventEmitter> logger) : BackgroundService
{
    private ClusterState? _started;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // The state at start is the first "before": a verdict that changes while the loop subscribes is not missed.
        _started = publisher.Current;
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var before = _started;
        var transitions = new VerdictTransitions();
        try
        {
            await foreach (var after in publisher.WatchAsync(stoppingToken))
            {
                if (before is not null)
                {
                    foreach (var e in transitions.Next(before, after))
                    {
                        try
                        {
                            await events.RecordAsync(e.Kind, e.Message, e.Node, severity: e.Severity, cancellationToken: stoppingToken);
                        }
                        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                        {
                            // A lost audit line is logged; it must not end the emitter or stop the host.
                            LogRecordFailed(logger, e.Kind, e.Node, ex);
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
