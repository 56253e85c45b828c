using SharesConsole.Agent.Configuration;
using SharesConsole.ControlPlane.Configuration;
using SharesConsole.ControlPlane.Failover;

namespace SharesConsole.Simulation.Tests.Runs;

/// <summary>
/// The timings of one schedule: the product's defaults (read from its option types, so they stay in step) and the
/// ones the simulation draws per seed (watchdog poll, connection timeout, latencies, service start and stop times).
/// </summary>
internal sealed record SimParameters
{
    private static readonly AgentOptions Agent = new();
    private static readonly ControlPlaneOptions ControlPlane = new();

    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan HeartbeatInterval { get; init; } = Agent.HeartbeatInterval;

    public TimeSpan WatchdogSlack { get; init; } = Agent.WatchdogSlack;

    public long MaxEpochJump { get; init; } = Agent.MaxEpochJump;

    /// <summary>How often the watchdog reads the lease file (the real one: 100 ms).</summary>
    public TimeSpan WatchdogPoll { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan FenceMargin { get; init; } = FencingRules.DefaultMargin;

    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromMilliseconds(ControlPlane.HeartbeatTimeoutMs);

    public TimeSpan StateRefresh { get; init; } = TimeSpan.FromMilliseconds(ControlPlane.StateRefreshMs);

    public TimeSpan ReconcileInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(90);

    public TimeSpan StartVerifyTimeout { get; init; } = ControlPlane.Failover.StartVerifyTimeout;

    public TimeSpan CommandBackoff { get; init; } = ControlPlane.Failover.CommandBackoff;

    public int MaxRestarts { get; init; } = ControlPlane.Failover.MaxRestarts;

    public TimeSpan RestartWindow { get; init; } = ControlPlane.Failover.RestartWindow;

    /// <summary>How long the hub keeps a silent agent connection before it closes it (SignalR: up to 30 s).</summary>
    public TimeSpan ConnectionTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxStart { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxStop { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>After the last fault heals, one node must run the whole group within this.</summary>
    public TimeSpan LivenessBound { get; init; } = TimeSpan.FromSeconds(90);

    public static SimParameters Draw(Random random) => new()
    {
        WatchdogPoll = Between(random, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500)),
        ConnectionTimeout = Between(random, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)),
        MaxStart = Between(random, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(3)),
        MaxStop = Between(random, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(500)),
    };

    public TimeSpan StartDuration(Random random) => Between(random, TimeSpan.FromMilliseconds(20), MaxStart);

    public TimeSpan StopDuration(Random random) => Between(random, TimeSpan.FromMilliseconds(10), MaxStop);

    public static TimeSpan Between(Random random, TimeSpan min, TimeSpan max) =>
        min + (max - min) * random.NextDouble();
}
