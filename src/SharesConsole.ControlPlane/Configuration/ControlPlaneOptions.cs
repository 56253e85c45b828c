namespace SharesConsole.ControlPlane.Configuration;

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

    /// <summary>Failover and in-place restart timings (section <c>ControlPlane:Failover</c>).</summary>
    public FailoverTimingOptions Failover { get; set; } = new();
}

/// <summary>The timings of the failover path; every one shown on the Settings page.</summary>
public sealed class FailoverTimingOptions
{
    /// <summary>Extra wait after the old active's lease before it counts as fenced (its own stop sequence, clock drift).</summary>
    public TimeSpan FenceMargin { get; set; } = ControlPlane.Failover.FencingRules.DefaultMargin;

    /// <summary>In-place restarts of an active/passive service allowed within <see cref="RestartWindow"/> before the group fails over.</summary>
    public int MaxRestarts { get; set; } = 3;

    public TimeSpan RestartWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a started service (or a reconnecting target agent) may take to pass its probe.</summary>
    public TimeSpan StartVerifyTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long the reconciler waits before sending the same service the same command again.</summary>
    public TimeSpan CommandBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>With automatic failback on: how long the preferred node must stay healthy first.</summary>
    public TimeSpan FailbackStablePeriod { get; set; } = TimeSpan.FromMinutes(2);
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
