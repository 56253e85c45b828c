using System.Net;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.ControlPlane.Failover;
using SharesConsole.Core.Catalog;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.State;
using SharesConsole.Simulation.Tests.Loop;
using SharesConsole.Simulation.Tests.Runs;

namespace SharesConsole.Simulation.Tests.ControlPlane;

/// <summary>
/// One control-plane process. Its memory (lease grants, agent reports, connections, probe verdicts, the running
/// operation) dies with it; the <see cref="SimDatabase"/> does not. It acks heartbeats with the real
/// <see cref="HeartbeatAcknowledger"/> over <see cref="LeaseGrants"/>, rebuilds the state with the real
/// <c>ClusterStateBuilder</c> whenever an input changes and every <c>StateRefreshMs</c>, lets the real
/// <see cref="FailoverTrigger"/> decide on every state, and runs operations with the real <see cref="OperationExecutor"/>.
/// </summary>
internal sealed partial class SimControlPlane : IClusterStateSource
{
    private readonly SimWorld _world;
    private readonly SimEdgeHealth _health;
    private readonly IHeartbeatAcknowledger _acknowledger;
    private readonly IFailoverActions _actions;
    private readonly PlacementStandIn _placement;
    private readonly long _startedAt;
    private readonly TimeSpan _grace;
    private OperationSummary? _running;
    private OperationSummary? _lastFailover;
    private long _version;
    private long _commands;
    private readonly List<ITimer> _timers = [];

    public SimControlPlane(SimWorld world, int incarnation)
    {
        _world = world;
        Process = new SimProcess(world.Loop, $"cp#{incarnation}");
        Clock = new SimClock(world.ControlPlaneHost, Process);
        Topology = new InMemoryTopologySource(world.Database.Topology);
        Grants = new LeaseGrants(Clock);
        _health = new SimEdgeHealth(world.Nodes, Topology.Current.Settings.HealthCheck, world.Random);
        _acknowledger = world.Rules.CreateAcknowledger(Topology, this, Grants, Clock);
        _actions = world.Rules.FenceWith(new SimFailoverActions(world, this), this);
        _placement = new PlacementStandIn(world, this);
        var settings = Topology.Current.Settings;
        // FailoverMonitor: right after a start nothing is known to be down, so decisions wait one lease plus one detection time.
        _startedAt = Clock.GetTimestamp();
        _grace = settings.Lease + settings.HealthCheck.DetectionTime;
        Current = Build();
    }

    public SimProcess Process { get; }

    public SimClock Clock { get; }

    public InMemoryTopologySource Topology { get; }

    public LeaseGrants Grants { get; }

    public ClusterState Current { get; private set; }

    public IFailoverActions Actions => _actions;

    public static ClusterTopology InitialTopology(IEnumerable<string> nodes, string active, TimeSpan lease) => new()
    {
        Settings = new ClusterSettings { Vip = IPAddress.Loopback, Lease = lease },
        Nodes = [.. nodes.Select((n, i) => new NodeState(new NodeDefinition
        {
            Name = n, ManagementAddress = IPAddress.Loopback, PublicAddress = IPAddress.Loopback, PrivateAddress = IPAddress.Loopback, Preference = i,
        }))],
        ActiveNode = active,
        Epoch = 1,
    };

    public IAsyncEnumerable<ClusterState> WatchAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException("The simulation decides on every state as it is built.");

    /// <summary>Starts the timers and resumes the operation a previous process left live in the database (ClusterBootstrapper).</summary>
    public void Start()
    {
        var parameters = _world.Parameters;
        Every(parameters.StateRefresh, Refresh);
        Every(Topology.Current.Settings.HealthCheck.Interval, () =>
        {
            if (_health.ProbeAll())
            {
                Rebuild();
            }
        });
        Every(parameters.ReconcileInterval, () => _placement.Reconcile(Current));
        if (_world.Database.Live is { } live)
        {
            _world.Trace.Add($"{Process}: resuming {live.Summary.Kind} {live.Summary.SourceNode} -> {live.Summary.TargetNode} at '{live.Summary.CurrentStep}'");
            Track(live.Summary);
            StartRun(live.Summary.Id);
        }
    }

    /// <summary>Publishes a new state and lets the monitor decide on it.</summary>
    public void Rebuild()
    {
        Current = Build();
        Decide(Current);
    }

    public string NextCommandId() => $"{Process.Name}/c{++_commands}";

    private ClusterState Build() => ClusterStateBuilder.Build(
        ++_version, Clock.GetUtcNow(), Topology.Current, ServiceCatalog.Default, _reports, _health, _world.Parameters.HeartbeatTimeout, _running, _lastFailover, Clock.GetElapsedTime);

    private void Refresh()
    {
        CheckConnections();
        Rebuild();
    }

    private void Every(TimeSpan period, Action action) => _timers.Add(Clock.CreateTimer(_ => action(), null, period, period));
}
