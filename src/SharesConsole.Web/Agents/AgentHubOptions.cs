namespace SharesConsole.Web.Agents;

/// <summary>Control-plane side of the agent connection (section <c>AgentHub</c>).</summary>
public sealed class AgentHubOptions
{
    public const string SectionName = "AgentHub";

    /// <summary>How long <see cref="AgentRegistry.SendAsync"/> waits for a reply; longer than the agents' own command timeout.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(90);
}
