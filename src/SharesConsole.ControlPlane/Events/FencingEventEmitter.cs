using SharesConsole.ControlPlane.State;
using SharesConsole.Core.Agents;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;

namespace SharesConsole.ControlPlane.Events;

/// <summary>
/// Records <see cref="EventKinds.AgentFenced"/> when an agent reports a self-fencing not recorded yet. The agent repeats
/// its last fencing in every heartbeat, so a report dropped here comes again a second later; one recorded before a
/// control-plane restart (the audit line is newer than the fencing) is not recorded twice.
/// </summary>
public sealed class FencingEventEmitter(
    AgentReportStore reports,
    IEventRecorder events,
    EventStore log,
    ILogger<FencingEventEmitter> logger) : AgentReportEventEmitter(reports, logger)
{
    /// <summary>The newest fencing recorded (or found recorded) per node; read and written by the loop only.</summary>
    private readonly Dictionary<string, DateTimeOffset> _recorded = new(StringComparer.OrdinalIgnoreCase);

    protected override string Subject => "self-fencing";

    protected override bool Carries(AgentReport report) => report.LastFencing is not null;

    protected override Task HandleAsync(AgentReport report, CancellationToken cancellationToken) => RecordAsync(report.Node, report.LastFencing!, cancellationToken);

    private async Task RecordAsync(string node, FencingReport fencing, CancellationToken cancellationToken)
    {
        if (_recorded.TryGetValue(node, out var recorded))
        {
            if (recorded >= fencing.FencedAt)
            {
                return;
            }
        }
        else if (await InLogAsync(node, fencing, cancellationToken))
        {
            _recorded[node] = fencing.FencedAt;
            return;
        }

        var stopped = fencing.StoppedServices.Count > 0 ? string.Join(", ", fencing.StoppedServices) : "no service (none was running)";
        var failed = fencing.Errors.Count > 0 ? $" Not stopped: {string.Join("; ", fencing.Errors)}." : "";
        await events.RecordAsync(
            EventKinds.AgentFenced,
            $"{node} fenced itself at {fencing.FencedAt:u}: no lease-renewing ack since {fencing.LastAckAt:u}; it stopped {stopped}.{failed}",
            node,
            severity: fencing.Errors.Count > 0 ? EventSeverity.Error : EventSeverity.Warning,
            cancellationToken: cancellationToken);
        _recorded[node] = fencing.FencedAt;
    }

    /// <summary>Whether the node's newest fencing event was recorded after this fencing happened (so is about it).</summary>
    private async Task<bool> InLogAsync(string node, FencingReport fencing, CancellationToken cancellationToken)
    {
        var newest = await log.QueryAsync(new EventQuery { Node = node, Kind = EventKinds.AgentFenced, Limit = 1 }, cancellationToken);
        return newest.Items is [var last] && last.Time >= fencing.FencedAt;
    }
}
