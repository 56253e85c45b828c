namespace SharesConsole.Web.Configuration;

/// <summary>How the control plane judges and converges the cluster (section <c>ControlPlane</c>).</summary>
public sealed class ControlPlaneOptions
{
    public const string SectionName = "ControlPlane";

    /// <summary>A heartbeat older than this counts as missing (agents send one every second).</summary>
    public int HeartbeatTimeoutMs { get; set; } = 3000;

    /// <summary>How often the state is rebuilt even when nothing reported (heartbeat ages move).</summary>
    public int StateRefreshMs { get; set; } = 250;

    /// <summary>The recurring deep health check (section <c>ControlPlane:DeepCheck</c>).</summary>
    public DeepCheckOptions DeepCheck { get; set; } = new();

    /// <summary>The optional scheduled failover drill (section <c>ControlPlane:Drill</c>).</summary>
    public DrillOptions Drill { get; set; } = new();
}

/// <summary>When the deep health check runs and how many consecutive sightings make a drift.</summary>
public sealed class DeepCheckOptions
{
    /// <summary>Hangfire cron, with seconds when it has six fields; every 10 s by default.</summary>
    public string Cron { get; set; } = "*/10 * * * * *";

    /// <summary>A drift is reported once it has been seen on this many consecutive checks.</summary>
    public int Confirmations { get; set; } = 2;
}

/// <summary>A scheduled switchover to the best healthy passive node, to prove failover works; off unless a cron is set.</summary>
public sealed class DrillOptions
{
    /// <summary>Hangfire cron (e.g. <c>0 3 * * 0</c>, Sundays 03:00 UTC); empty means no drill.</summary>
    public string? Cron { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Cron);
}
