using SharesConsole.Core.Cluster;
using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane.Events;

/// <summary>One audit event a verdict change makes.</summary>
public sealed record VerdictEvent(string Kind, EventSeverity Severity, string Node, string Message);

/// <summary>
/// Turns verdict changes between two states into audit events. A node seen Down is remembered until it is Healthy
/// again, so its comeback makes one <c>node.up</c> whatever it went through on the way (Down → Degraded → Healthy)
/// and even when the states in between were skipped by a slow reader.
/// </summary>
public sealed class VerdictTransitions
{
    private readonly HashSet<string> _down = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<VerdictEvent> Next(ClusterState before, ClusterState after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var events = new List<VerdictEvent>();
        foreach (var node in after.Nodes)
        {
            var old = before.Find(node.Name);
            if (old is null || old.Verdict == node.Verdict)
            {
                continue;
            }

            var message = $"{node.Name}: {old.Verdict} → {node.Verdict}.";
            if (node.Verdict == NodeVerdict.Down)
            {
                _down.Add(node.Name);
                events.Add(new(EventKinds.NodeDown, EventSeverity.Error, node.Name, message));
            }
            else if (node.Verdict == NodeVerdict.Healthy && _down.Remove(node.Name))
            {
                events.Add(new(EventKinds.NodeUp, EventSeverity.Info, node.Name, message));
            }
            else
            {
                var severity = node.Verdict == NodeVerdict.Degraded ? EventSeverity.Warning : EventSeverity.Info;
                events.Add(new(EventKinds.NodeVerdictChanged, severity, node.Name, message));
            }
        }

        return events;
    }
}
