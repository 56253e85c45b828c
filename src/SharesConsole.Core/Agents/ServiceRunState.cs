namespace SharesConsole.Core.Agents;

/// <summary>What a node agent's driver says about one service.</summary>
public enum ServiceRunState
{
    Unknown,
    Stopped,
    Starting,
    Running,
    Stopping,
    Failed,
}
