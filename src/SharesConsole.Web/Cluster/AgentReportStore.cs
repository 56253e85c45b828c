using System.Collections.Concurrent;
using SharesConsole.Core.State;

namespace SharesConsole.Web.Cluster;

/// <summary>The latest report of every node's agent; written by the agent hub, read when the state is rebuilt.</summary>
public sealed class AgentReportStore
{
    private readonly ConcurrentDictionary<string, AgentReport> _reports = new(StringComparer.OrdinalIgnoreCase);

    public event EventHandler<AgentReport>? Updated;

    public IReadOnlyDictionary<string, AgentReport> Snapshot() => new Dictionary<string, AgentReport>(_reports, StringComparer.OrdinalIgnoreCase);

    public void Set(AgentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _reports[report.Node] = report;
        Updated?.Invoke(this, report);
    }

    public void MarkDisconnected(string node)
    {
        if (_reports.TryGetValue(node, out var report))
        {
            Set(report with { Connected = false });
        }
    }
}
