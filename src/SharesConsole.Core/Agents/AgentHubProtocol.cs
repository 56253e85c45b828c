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

    /// <summary>How often the control plane pings an idle connection (agents and edges).</summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(1);

    /// <summary>
    /// With several control-plane URLs: how long a client hears nothing (not even a ping) before it takes the control plane
    /// for gone and moves to the next. Longer than a slow link's delay (4.5 s is tested), short enough that a node moves to
    /// the new leader (elected about 5 s after a paused leader's last renewal) well within its 10 s lease.
    /// </summary>
    public static readonly TimeSpan SilenceTimeout = TimeSpan.FromSeconds(6);
}
