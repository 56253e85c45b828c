using System.Threading.Channels;
using SharesConsole.ControlPlane.State;
using SharesConsole.Core.Agents;
using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane.Events;

/// <summary>
/// Records <see cref="EventKinds.StorageLowSpace"/> when a node's shared storage goes below the warning threshold and
/// <see cref="EventKinds.StorageUnfit"/> when its probe makes it unfit for active: once per crossing, not per heartbeat
/// (each heartbeat repeats the state; only a change is news). An agent that does not probe reports nothing.
/// </summary>
public sealed partial class StorageEventEmitter(
    AgentReportStore reports,
    IEventRecorder events,
    ILogger<StorageEventEmitter> logger) : BackgroundService
{
    private readonly Channel<AgentReport> _reports = Channel.CreateBounded<AgentReport>(
        new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>The last storage state seen per node; read and written by the loop only.</summary>
    private readonly Dictionary<string, (bool LowSpace, bool Fit)> _last = new(StringComparer.OrdinalIgnoreCase);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
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
            await foreach (var report in _reports.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await HandleAsync(report.Node, report.Storage!, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogRecordFailed(logger, report.Node, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void OnUpdated(object? sender, AgentReport report)
    {
        if (report.Storage is not null)
        {
            _reports.Writer.TryWrite(report);
        }
    }

    private async Task HandleAsync(string node, StorageHealth storage, CancellationToken cancellationToken)
    {
        var (wasLow, wasFit) = _last.GetValueOrDefault(node, (false, true));
        if (storage.LowSpace && !wasLow)
        {
            await events.RecordAsync(
                EventKinds.StorageLowSpace,
                $"Shared storage {storage.Path} on {node} is low on space: {Gib(storage.FreeBytes)} free of {Gib(storage.TotalBytes)}.",
                node,
                severity: EventSeverity.Warning,
                cancellationToken: cancellationToken);
        }

        if (!storage.FitForActive && wasFit)
        {
            await events.RecordAsync(
                EventKinds.StorageUnfit,
                StorageRules.UnfitReason(node, storage) ?? $"{node} is unfit for active.",
                node,
                severity: EventSeverity.Error,
                cancellationToken: cancellationToken);
        }

        // Remembered only once recorded: a failed record is tried again with the next heartbeat.
        _last[node] = (storage.LowSpace, storage.FitForActive);
    }

    private static string Gib(long? bytes) => bytes is { } b ? $"{b / (double)(1L << 30):0.##} GiB" : "?";

    [LoggerMessage(EventId = 6062, Level = LogLevel.Error, Message = "Recording a shared-storage event of {Node} failed; the next heartbeat tries again")]
    private static partial void LogRecordFailed(ILogger logger, string node, Exception exception);
}
