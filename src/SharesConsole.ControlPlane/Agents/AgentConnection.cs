using SharesConsole.Core.Agents;

namespace SharesConsole.ControlPlane.Agents;

/// <summary>What the control plane knows of one node's agent connection.</summary>
public sealed record AgentConnection
{
    public required string Node { get; init; }

    public string? ConnectionId { get; init; }

    public bool IsConnected => ConnectionId is not null;

    public DateTimeOffset? ConnectedAt { get; init; }

    /// <summary>Last heartbeat or connect, control-plane clock.</summary>
    public DateTimeOffset LastSeen { get; init; }

    public Heartbeat? LastHeartbeat { get; init; }

    /// <summary>The last ack sent; says whether the node was told it holds the lease.</summary>
    public HeartbeatAck? LastAck { get; init; }
}
