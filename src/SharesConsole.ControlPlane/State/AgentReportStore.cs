using System.Collections.Concurrent;
using System.Collections.Immutable;
using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane.State;

/// <summary>
/// The latest report of every node's agent; written by the agent hub, read when the state is rebuilt. Service
/// states are only ever replaced by a newer snapshot of the same agent process: a heartbeat taken before a command
/// reply already applied (it may arrive after it) keeps the reply's service states, so a service just started is
/// never read as stopped again.
/// </summary>
public sealed class AgentReportStore
{
    private readonly ConcurrentDictionary<string, AgentReport> _reports = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    public event EventHandler<AgentReport>? Updated;

    public IReadOnlyDictionary<string, AgentReport> Snapshot() => new Dictionary<string, AgentReport>(_reports, StringComparer.OrdinalIgnoreCase);

    internal void Set(AgentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (_gate)
        {
            if (_reports.TryGetValue(report.Node, out var current) && IsOlder(report.Instance, report.Sequence, current))
            {
                report = report with { Services = current.Services, Sequence = current.Sequence };
            }

            _reports[report.Node] = report;
        }

        Updated?.Invoke(this, report);
    }

    /// <summary>The service states a command reply carried, applied unless the node already has a newer snapshot.</summary>
    internal bool ApplyCommandReply(string node, string instance, long sequence, ImmutableArray<ServiceObservation> services)
    {
        AgentReport? updated = null;
        lock (_gate)
        {
            if (sequence > 0 && _reports.TryGetValue(node, out var current) && current.Connected
                && !IsOlder(instance, sequence, current) && !(current.Instance == instance && current.Sequence == sequence))
            {
                updated = current with { Services = services, Instance = instance, Sequence = sequence };
                _reports[node] = updated;
            }
        }

        if (updated is not null)
        {
            Updated?.Invoke(this, updated);
        }

        return updated is not null;
    }

    internal bool MarkDisconnected(string node)
    {
        if (_reports.TryGetValue(node, out var report))
        {
            Set(report with { Connected = false });
            return true;
        }

        return false;
    }

    private static bool IsOlder(string instance, long sequence, AgentReport current) =>
        sequence > 0 && instance.Length > 0 && string.Equals(instance, current.Instance, StringComparison.Ordinal) && sequence < current.Sequence;
}
