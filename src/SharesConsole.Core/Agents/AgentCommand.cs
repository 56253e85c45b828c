namespace SharesConsole.Core.Agents;

/// <summary>An order from the control plane to one node agent, fenced by the cluster epoch.</summary>
public sealed record AgentCommand
{
    /// <summary>Unique id; the reply carries it back.</summary>
    public string Id { get; init; } = "";

    /// <summary>The cluster epoch the command was issued under; lower than the agent's highest is refused.</summary>
    public long Epoch { get; init; }

    /// <summary>
    /// The issuing control plane's leader term (0 with a single control plane); lower than the highest the agent has seen
    /// is refused: the command comes from a control plane that is no longer the leader.
    /// </summary>
    public long Term { get; init; }

    public AgentCommandKind Kind { get; init; }

    /// <summary>Required for <see cref="AgentCommandKind.Start"/> and <see cref="AgentCommandKind.Stop"/>.</summary>
    public string? ServiceName { get; init; }

    /// <summary>Why the control plane sent it, for the agent's log.</summary>
    public string? Reason { get; init; }

    /// <summary>For <see cref="AgentCommandKind.PoisonPill"/>: the node to fence through the shared storage.</summary>
    public string? TargetNode { get; init; }

    /// <summary>For <see cref="AgentCommandKind.PoisonPill"/>: how long the agent waits for the confirmation.</summary>
    public long? TimeoutMs { get; init; }

    public static AgentCommand Create(AgentCommandKind kind, long epoch, string? serviceName = null, string? reason = null) =>
        new() { Id = Guid.NewGuid().ToString("N"), Kind = kind, Epoch = epoch, ServiceName = serviceName, Reason = reason };
}
