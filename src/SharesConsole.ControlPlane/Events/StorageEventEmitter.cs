using SharesConsole.ControlPlane.State;
using SharesConsole.Core.Agents;
using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane.Events;

/// <summary>
/// Records <see cref="EventKinds.StorageLowSpace"/> when a node's shared storage goes below the warning threshold and
/// <see cref="EventKinds.StorageUnfit"/> when its probe makes it unfit for active: once per crossing, not per heartbeat
/// (each heartbeat repeats the state; only a change is news). An agent that does not probe reports nothing.
/// </summary>
public sealed class StorageEventEmitter(
    AgentReportStore reports,
    IEventRecorder events,
    ILogger<StorageEventEmitter> logger) : AgentReportEventEmitter(reports, logger)
{
    /// <summary>The last storage state seen per node; read and written by the loop only.</summary>
    private readonly Dictionary<string, (bool LowSpace, bool Fit)> _last = new(StringComparer.OrdinalIgnoreCase);

    protected override string Subject => "shared-storage";

    protected override bool Carries(AgentReport report) => report.Storage is not null;

    protected override Task HandleAsync(AgentReport report, CancellationToken cancellationToken) => HandleAsync(report.Node, report.Storage!, cancellationToken);

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
}
