namespace SharesConsole.Core.Agents;

public enum AgentCommandKind
{
    /// <summary>Start one service (idempotent).</summary>
    Start = 1,

    /// <summary>Stop one service (idempotent).</summary>
    Stop = 2,

    /// <summary>Stop every active/passive service on the node in reverse start order.</summary>
    StopActivePassive = 3,

    /// <summary>Reply with the current state of every service.</summary>
    Report = 4,

    /// <summary>
    /// Sent to a node that sees the shared storage: write a poison pill into <see cref="AgentCommand.TargetNode"/>'s
    /// disk-heartbeat slot and wait (up to <see cref="AgentCommand.TimeoutMs"/>) until that node confirms there that it
    /// stopped its active/passive services. Ok only with that confirmation.
    /// </summary>
    PoisonPill = 5,
}
