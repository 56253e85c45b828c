namespace SharesConsole.Core.Agents;

/// <summary>Names shared by the agent and the control plane for the <c>/hubs/agents</c> connection.</summary>
public static class AgentHubProtocol
{
    public const string Path = "/hubs/agents";

    /// <summary>Query parameter carrying the node name.</summary>
    public const string NodeQuery = "node";

    /// <summary>Header alternative to the bearer token.</summary>
    public const string TokenHeader = "X-SharesConsole-Node-Token";

    /// <summary>Agent → control plane: <c>Task&lt;HeartbeatAck&gt; Heartbeat(Heartbeat)</c>.</summary>
    public const string HeartbeatMethod = "Heartbeat";

    /// <summary>Agent → control plane: <c>Task Reply(CommandReply)</c>.</summary>
    public const string ReplyMethod = "Reply";

    /// <summary>Control plane → agent: <c>Command(AgentCommand)</c>; answered later through <see cref="ReplyMethod"/>.</summary>
    public const string CommandMethod = "Command";
}
