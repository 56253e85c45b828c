namespace SharesConsole.Core.Agents;

public enum CommandErrorCode
{
    None,

    /// <summary>The command's epoch is lower than the highest the agent has seen (see <see cref="CommandReply.AgentEpoch"/>).</summary>
    StaleEpoch,

    UnknownService,

    /// <summary>Missing id, unknown kind, or a start/stop without a service name.</summary>
    Malformed,

    /// <summary>The driver did not finish within the command timeout.</summary>
    Timeout,

    /// <summary>The driver failed (non-zero exit, unit not found, process died, lock held elsewhere…).</summary>
    DriverError,

    /// <summary>Control plane side: the node has no live connection.</summary>
    NodeNotConnected,

    /// <summary>Control plane side: the connection dropped before the reply arrived.</summary>
    NodeDisconnected,

    /// <summary>The command's epoch is further above the agent's highest than its configured bound allows.</summary>
    EpochJump,

    /// <summary>An active/passive start the control plane did not back with a lease grant (asked for at once by the agent).</summary>
    NoLease,

    /// <summary>A poison pill was not confirmed: no disk heartbeat here, the storage failed, or the node never answered in its slot.</summary>
    NotConfirmed,

    /// <summary>The command's leader term is lower than the highest the agent has seen: its control plane is no longer the leader.</summary>
    StaleTerm,
}
