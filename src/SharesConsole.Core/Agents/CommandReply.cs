namespace SharesConsole.Core.Agents;

/// <summary>The agent's answer to an <see cref="AgentCommand"/>.</summary>
public sealed record CommandReply
{
    public string CommandId { get; init; } = "";

    public string Node { get; init; } = "";

    public bool Ok { get; init; }

    public CommandErrorCode Error { get; init; }

    public string? Message { get; init; }

    /// <summary>The highest epoch the agent holds after handling the command.</summary>
    public long AgentEpoch { get; init; }

    /// <summary>Service states after the command (always for Report).</summary>
    public IReadOnlyList<ServiceStatus> Services { get; init; } = [];

    /// <summary>This agent process (a new value after every restart); sequences compare only within one instance.</summary>
    public string Instance { get; init; } = "";

    /// <summary>
    /// Grows with every snapshot of the services the agent takes, heartbeats and command replies alike: a heartbeat
    /// built before a reply the control plane already applied says less than that reply and is not read as news.
    /// </summary>
    public long Sequence { get; init; }

    public double DurationMs { get; init; }

    public static CommandReply Failure(string commandId, string node, CommandErrorCode error, string message, long agentEpoch = 0) =>
        new() { CommandId = commandId, Node = node, Ok = false, Error = error, Message = message, AgentEpoch = agentEpoch };
}
