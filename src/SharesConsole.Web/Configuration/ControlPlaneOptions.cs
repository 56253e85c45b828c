namespace SharesConsole.Web.Configuration;

/// <summary>How the control plane judges and converges the cluster (section <c>ControlPlane</c>).</summary>
public sealed class ControlPlaneOptions
{
    public const string SectionName = "ControlPlane";

    /// <summary>A heartbeat older than this counts as missing (agents send one every second).</summary>
    public int HeartbeatTimeoutMs { get; set; } = 3000;

    /// <summary>How often the state is rebuilt even when nothing reported (heartbeat ages move).</summary>
    public int StateRefreshMs { get; set; } = 250;
}
