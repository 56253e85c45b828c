using SharesConsole.Core.Cluster;
using SharesConsole.Core.State;
using SharesConsole.Web.Cluster;

namespace SharesConsole.Web.Api;

/// <summary>Adds nodes to and removes them from the live topology, with an audit event.</summary>
public sealed class NodeEnrollment(InMemoryTopologySource topology, IEventRecorder events)
{
    public async Task<CommandResult> EnrollAsync(NodeDefinition node, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        var added = false;
        topology.Update(t =>
        {
            added = t.Find(node.Name) is null;
            return added ? t with { Nodes = t.Nodes.Add(new NodeState(node)) } : t;
        });
        if (!added)
        {
            return CommandResult.Conflict($"A node named '{node.Name}' is already enrolled.");
        }

        await events.RecordAsync(EventKinds.SettingsChanged, $"{actor} enrolled node {node.Name} ({node.ManagementAddress}).", node.Name, cancellationToken: cancellationToken);
        return CommandResult.Success;
    }

    public async Task<CommandResult> RemoveAsync(string name, string actor, CancellationToken cancellationToken)
    {
        var current = topology.Current;
        var node = current.Find(name);
        if (node is null)
        {
            return CommandResult.NotFound($"There is no node named '{name}'.");
        }

        if (string.Equals(current.ActiveNode, node.Name, StringComparison.OrdinalIgnoreCase))
        {
            return CommandResult.Conflict($"'{node.Name}' is the active node: switch over to another node before removing it.");
        }

        topology.Update(t => t with { Nodes = t.Nodes.RemoveAll(n => n.Name == node.Name) });
        await events.RecordAsync(EventKinds.SettingsChanged, $"{actor} removed node {node.Name}.", node.Name, cancellationToken: cancellationToken);
        return CommandResult.Success;
    }
}
