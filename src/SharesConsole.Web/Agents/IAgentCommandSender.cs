using SharesConsole.Core.Agents;

namespace SharesConsole.Web.Agents;

/// <summary>Sends a command to a node's agent and waits for its reply; the agent hub implements it, tests fake it.</summary>
public interface IAgentCommandSender
{
    /// <summary>Never throws for an agent-side problem: every failure comes back as a reply with an error code.</summary>
    Task<CommandReply> SendAsync(string node, AgentCommand command, CancellationToken cancellationToken);
}
