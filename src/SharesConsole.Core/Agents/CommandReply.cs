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

    public double DurationMs { get; init; }

    public static CommandReply Failure(string commandId, string node, CommandErrorCode error, string message, long agentEpoch = 0) =>
        new() { CommandId = commandId, Node = node, Ok = false, Error = error, Message = message, AgentEpoch = agentEpoch };
}
