using System.Threading.Channels;
using SharesConsole.ControlPlane.State;
using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane.Events;

/// <summary>
/// Turns agent reports into events on a loop of its own, so the cluster store's writer never waits for the event log.
/// Reports that <see cref="Carries"/> something go through a small bounded queue that drops the oldest: an agent repeats
/// its state in every heartbeat, so a dropped or failed report comes again a second later.
/// </summary>
public abstract partial class AgentReportEventEmitter(AgentReportStore reports, ILogger logger) : BackgroundService
{
    private readonly Channel<AgentReport> _queue = Channel.CreateBounded<AgentReport>(
        new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>What the events are about, for the log line of a failed record.</summary>
    protected abstract string Subject { get; }

    /// <summary>Whether the report holds anything this emitter looks at.</summary>
    protected abstract bool Carries(AgentReport report);

    /// <summary>Records whatever the report makes news; runs on the emitter's loop only.</summary>
    protected abstract Task HandleAsync(AgentReport report, CancellationToken cancellationToken);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Subscribed before start returns: no report applied after it is missed.
        reports.Updated += OnUpdated;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        reports.Updated -= OnUpdated;
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var report in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await HandleAsync(report, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogRecordFailed(logger, Subject, report.Node, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void OnUpdated(object? sender, AgentReport report)
    {
        if (Carries(report))
        {
            _queue.Writer.TryWrite(report);
        }
    }

    [LoggerMessage(EventId = 6061, Level = LogLevel.Error, Message = "Recording the {Subject} event of {Node} failed; the next heartbeat tries again")]
    private static partial void LogRecordFailed(ILogger logger, string subject, string node, Exception exception);
}
