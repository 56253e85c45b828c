namespace SharesConsole.Core.Placement;

public enum DesiredState
{
    Running,
    Stopped,

    /// <summary>The control plane leaves the service alone (node in maintenance).</summary>
    Unmanaged,
}
