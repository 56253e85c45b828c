using SharesConsole.Core.Agents;
using SharesConsole.Simulation.Tests.ControlPlane;
using SharesConsole.Simulation.Tests.Faults;
using SharesConsole.Simulation.Tests.Loop;
using SharesConsole.Simulation.Tests.Nodes;

namespace SharesConsole.Simulation.Tests.Runs;

/// <summary>
/// One schedule: two nodes (node-a active at epoch 1, its group running), a control plane, the network between them
/// and the nemesis's faults, all drawn from one seed. Safety is judged from the services' real state after every
/// change; liveness once the last fault has healed.
/// </summary>
internal sealed partial class SimWorld
{
    private const long MaxEvents = 1_000_000;
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 14, 0, 0, TimeSpan.Zero);
    private readonly IReadOnlyList<Fault> _faults;
    private readonly SimHost[] _hosts;
    private long _healedAt;
    private int _incarnation;
    private (TimeSpan After, TimeSpan Downtime)? _armedRestart;

    public SimWorld(int seed, SimRules rules, bool trace)
    {
        Seed = seed;
        Rules = rules;
        Loop = new SimLoop();
        Trace = new SimTrace(Loop, trace);
        var plan = new Random(seed);
        Parameters = SimParameters.Draw(plan);
        Random = new Random(plan.Next());
        _faults = FaultPlan.Draw(plan);
        _hosts = [.. new[] { "cp", "node-a", "node-b" }.Select(name => new SimHost(name, plan.NextInt64(1, 1L << 50), Start))];
        Nodes = [new SimNode(this, "node-a", _hosts[1]), new SimNode(this, "node-b", _hosts[2])];
        foreach (var link in Nodes.SelectMany(n => new[] { n.Up, n.Down }))
        {
            link.BaseLatency = SimParameters.Between(plan, TimeSpan.FromMilliseconds(0.2), TimeSpan.FromMilliseconds(20));
            link.Jitter = SimParameters.Between(plan, TimeSpan.FromMilliseconds(0.1), TimeSpan.FromMilliseconds(10));
        }

        Database = new SimDatabase(SimControlPlane.InitialTopology(Nodes.Select(n => n.Name), Nodes[0].Name, Parameters.Lease));
        foreach (var service in Nodes[0].Services)
        {
            service.Force(ServiceRunState.Running);
        }
    }

    /// <summary>A schedule with the given faults instead of the seed's own (the seed still draws the parameters).</summary>
    public SimWorld(int seed, SimRules rules, bool trace, IReadOnlyList<Fault> faults)
        : this(seed, rules, trace) => _faults = faults;

    public int Seed { get; }

    public SimRules Rules { get; }

    public SimLoop Loop { get; }

    public SimTrace Trace { get; }

    public SimParameters Parameters { get; }

    /// <summary>Every random choice made while the schedule runs (the plan and parameters come from their own draw).</summary>
    public Random Random { get; }

    public IReadOnlyList<SimNode> Nodes { get; }

    public SimDatabase Database { get; }

    public SimHost ControlPlaneHost => _hosts[0];

    /// <summary>The running control-plane process; null while it is down.</summary>
    public SimControlPlane? ControlPlane { get; private set; }

    public string? Violation { get; private set; }

    public int Failovers { get; private set; }

    public IEnumerable<string> FaultDescriptions => _faults.Select(f => f.Describe());

    public SimNode Node(string name) =>
        Nodes.FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase)) ?? throw new ArgumentException($"No node {name}.", nameof(name));

    public SimHost Host(int index) => _hosts[index + 1];

    public Guid NewGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.NextBytes(bytes);
        return new Guid(bytes);
    }

    public ScheduleResult Run()
    {
        foreach (var node in Nodes)
        {
            node.Agent.Start();
            node.Watchdog.Start();
        }

        ControlPlane = new SimControlPlane(this, ++_incarnation);
        ControlPlane.Start();
        foreach (var fault in _faults)
        {
            _healedAt = Math.Max(_healedAt, fault.Until.Ticks);
            Loop.At(fault.At.Ticks, null, () =>
            {
                Trace.Add($"nemesis: {fault.Describe()}");
                fault.Begin(this);
            });
            if (fault.Until > fault.At)
            {
                Loop.At(fault.Until.Ticks, null, () => fault.End(this));
            }
        }

        Loop.Run(long.MaxValue, IsOver);
        if (Loop.ThreadHops > 0)
        {
            Fail($"{Loop.ThreadHops} continuation(s) left the loop thread: the run is not deterministic");
        }

        return new ScheduleResult(Seed, Rules, Violation, Loop.Elapsed, TimeSpan.FromTicks(_healedAt), Failovers, Loop.EventsRun);
    }

    /// <summary>A fault of the simulation itself (an exception in a run): reported like a violation, never hidden.</summary>
    public void Fail(string error) => Violation ??= $"SIMULATION ERROR: {error}";

    /// <summary>Whether the same seed also fails under <paramref name="rules"/> (the teeth test wants a violation only the old rules have).</summary>
    public static bool FailsUnder(int seed, SimRules rules) => new SimWorld(seed, rules, trace: false).Run().Failed;
}
