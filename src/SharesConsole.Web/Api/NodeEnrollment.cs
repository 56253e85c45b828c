using SharesConsole.ControlPlane.Agents;
using SharesConsole.ControlPlane.Events;
using SharesConsole.ControlPlane.State;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;
using SharesConsole.Web.Agents;

namespace SharesConsole.Web.Api;

/// <summary>
/// Enrolls and removes nodes: the database first (so a restart keeps the change), then the live topology
/// (edge pools, DNS and placement follow it at once), with an audit event. Enrolling issues the node's agent
/// token, which is returned once and stored only as a hash; removing the node revokes it and closes its agent.
/// </summary>
public sealed class NodeEnrollment(ClusterStore store, INodeTokenIssuer tokens, AgentRegistry agents, IEventRecorder events)
{
    /// <summary>On success the value is the node's agent token (shown once).</summary>
    public async Task<CommandResult<string>> EnrollAsync(NodeDefinition node, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (store.Topology.Find(node.Name) is not null)
        {
            return Exists(node.Name);
        }

        var token = NodeTokens.Generate();
        try
        {
            await store.EnrollNodeAsync(node, NodeTokens.Hash(token), cancellationToken);
        }
        catch (StoreConflictException)
        {
            return Exists(node.Name);
        }

        await events.RecordAsync(EventKinds.SettingsChanged, $"{actor} enrolled node {node.Name} ({node.ManagementAddress}).", node.Name, cancellationToken: cancellationToken);
        return CommandResult<string>.From(token);
    }

    public async Task<CommandResult> RemoveAsync(string name, string actor, CancellationToken cancellationToken)
    {
        var current = store.Topology;
        var node = current.Find(name);
        if (node is null)
        {
            return CommandResult.NotFound($"There is no node named '{name}'.");
        }

        if (string.Equals(current.ActiveNode, node.Name, StringComparison.OrdinalIgnoreCase))
        {
            return ActiveConflict(node.Name);
        }

        try
        {
            await store.RemoveNodeAsync(node.Name, cancellationToken);
        }
        catch (StoreConflictException)
        {
            return ActiveConflict(node.Name);
        }

        agents.Disconnect(node.Name);
        await events.RecordAsync(EventKinds.SettingsChanged, $"{actor} removed node {node.Name}; its agent token is revoked.", node.Name, cancellationToken: cancellationToken);
        return CommandResult.Success;
    }

    /// <summary>Issues a new agent token for a node, revoking the old one and closing the agent's connection.</summary>
    public async Task<CommandResult<string>> RotateTokenAsync(string name, string actor, CancellationToken cancellationToken)
    {
        var node = store.Topology.Find(name);
        if (node is null)
        {
            return CommandResult<string>.Fail(CommandResult.NotFound($"There is no node named '{name}'."));
        }

        string token;
        try
        {
            token = await tokens.IssueAsync(node.Name, cancellationToken);
        }
        catch (NodeNotEnrolledException)
        {
            // Removed between the look-up and the write (found by the API fuzz test: a 500 when a delete ran alongside).
            return CommandResult<string>.Fail(CommandResult.NotFound($"There is no node named '{name}'."));
        }

        agents.Disconnect(node.Name);
        await events.RecordAsync(EventKinds.SettingsChanged, $"{actor} issued a new agent token for {node.Name}; the old one is revoked.", node.Name, cancellationToken: cancellationToken);
        return CommandResult<string>.From(token);
    }

    private static CommandResult<string> Exists(string name) =>
        CommandResult<string>.Fail(CommandResult.Conflict($"A node named '{name}' is already enrolled."));

    private static CommandResult ActiveConflict(string name) =>
        CommandResult.Conflict($"'{name}' is the active node: switch over to another node before removing it.");
}
