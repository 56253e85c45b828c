namespace SharesConsole.Core.State;

/// <summary>What the control plane last saw of a service on a node.</summary>
public enum ObservedState
{
    Unknown,
    Running,
    Stopped,
    Starting,
    Stopping,
    Failed,
}
