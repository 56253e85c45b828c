using SharesConsole.Core.Agents;

namespace SharesConsole.ControlPlane.Agents;

/// <summary>The agents as the control plane sees them: their connections, and a command sent to one with its reply awaited. The agent hub implements it, tests fake it.</summary>
public interface IAgentCommandSender
{
    /// <summary>The node's agent connection as last seen, or null when it never connected.</summary>
    AgentConnection? Find(string node);

    /// <summary>Never throws for an agent-side problem: every failure comes back as a reply with an error code.</summary>
    Task<CommandReply> SendAsync(string node, AgentCommand command, CancellationToken cancellationToken);
}
