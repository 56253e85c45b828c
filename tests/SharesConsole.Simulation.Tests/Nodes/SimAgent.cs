using SharesConsole.Agent.Commands;
using SharesConsole.Agent.Epochs;
using SharesConsole.Agent.Fencing;
using SharesConsole.Core.Agents;
using SharesConsole.Core.Catalog;
using SharesConsole.Simulation.Tests.ControlPlane;
using SharesConsole.Simulation.Tests.Loop;
using SharesConsole.Simulation.Tests.Runs;

namespace SharesConsole.Simulation.Tests.Nodes;

/// <summary>
/// A node agent as NodeAgent runs it: every heartbeat period it checks the real <see cref="ActiveLease"/> (and fences
/// the group, kill then stop, when it expired, ending the lease once the fence was clean), then sends one heartbeat and
/// waits for its ack, no longer than the lease has left; the ack renews the lease, rewrites the lease file and raises
/// the epoch. Commands pass <see cref="CommandValidation"/> and <see cref="EpochRule"/>, run concurrently, and are
/// answered with the services' state.
/// </summary>
internal sealed partial class SimAgent(SimWorld world, SimNode node, SimClock clock)
{
    private static readonly FenceTargets NoTargets = new();
    private readonly ActiveLease _lease = new(clock, world.Parameters.Lease);
    private readonly string _instance = $"{node.Name}-agent";
    private long _epoch = 1;
    private long _sequence;
    private long _heartbeats;
    private long _pending;
    private long _pendingSentAt;
    private SimControlPlane? _pendingTo;
    private ITimer? _pendingTimeout;
    private ITimer? _ticks;
    private bool _busy;
    private bool _tickMissed;
    private readonly Dictionary<long, (long SentAt, Action<bool> Then)> _grantRequests = [];
    private static readonly TimeSpan DiskInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PillPoll = TimeSpan.FromMilliseconds(100);
    private ITimer? _disk;
    private string? _confirmedPill;
    private bool _obeying;

    public void Start()
    {
        _ticks ??= clock.CreateTimer(_ => Tick(), null, TimeSpan.Zero, world.Parameters.HeartbeatInterval);
        _disk ??= clock.CreateTimer(_ => DiskRound(), null, TimeSpan.FromMilliseconds(500), DiskInterval);
    }

    /// <summary>The ack of heartbeat <paramref name="id"/>; an ack of any other (timed out, duplicated) is ignored, as by SignalR.</summary>
    public void OnAck(HeartbeatAck ack, long id)
    {
        if (_grantRequests.Remove(id, out var request))
        {
            var renewed = Apply(ack, request.SentAt);
            world.Trace.Add($"{node.Name} agent: lease request #{id} answered, granted={renewed}");
            request.Then(renewed && !_lease.IsExpired);
            return;
        }

        if (id != _pending)
        {
            world.Trace.Add($"{node.Name} agent: ack of heartbeat #{id} ignored (not waiting for it)");
            return;
        }

        _pending = 0;
        _pendingTimeout?.Dispose();
        var granted = Apply(ack, world.Rules.AckAtArrival ? clock.GetTimestamp() : _pendingSentAt);
        world.Trace.Add($"{node.Name} agent: ack #{id} epoch {ack.Epoch} active={ack.IsActive} granted={granted} lease left {(_lease.Remaining is { } left ? $"{left.TotalSeconds:0.000} s" : "none")}");
        EndTick();
    }

    /// <summary>The connection to <paramref name="to"/> closed (it died): a heartbeat in flight to it fails at once.</summary>
    public void OnConnectionClosed(SimControlPlane to)
    {
        if (_pending != 0 && _pendingTo == to)
        {
            world.Trace.Add($"{node.Name} agent: connection closed, heartbeat #{_pending} failed");
            _pending = 0;
            _pendingTimeout?.Dispose();
            EndTick();
        }
    }

    /// <summary>The agent's view of its services: the active/active ones always run here, the group as it really is.</summary>
    public IReadOnlyList<ServiceStatus> Snapshot()
    {
        var now = clock.GetUtcNow();
        var services = new List<ServiceStatus>(ServiceCatalog.Default.Services.Length);
        foreach (var definition in ServiceCatalog.Default.Services)
        {
            var state = node.Find(definition.Name)?.State ?? ServiceRunState.Running;
            services.Add(new ServiceStatus { Name = definition.Name, State = state, LastProbeOk = state == ServiceRunState.Running, Since = now });
        }

        return services;
    }

    // NodeAgent.OnAckAsync: an ack whose epoch jumps too far is not from a control plane to trust and changes nothing;
    // any other renews (or not) the lease, rewrites the lease file and raises the epoch.
    private bool Apply(HeartbeatAck ack, long heartbeatSentAt)
    {
        if (EpochRule.IsJump(_epoch, ack.Epoch, world.Parameters.MaxEpochJump))
        {
            return false;
        }

        var granted = _lease.OnAck(ack, heartbeatSentAt);
        node.LeaseFile = new LeaseFile(_lease.ExpiresAtMonotonicMs, NoTargets);
        _epoch = EpochRule.Observe(_epoch, ack.Epoch).Highest;
        return granted;
    }

    private void Tick()
    {
        if (_busy)
        {
            _tickMissed = true;
            return;
        }

        _busy = true;
        CheckLease(SendHeartbeat);
    }

    // NodeAgent.CheckLeaseAsync: the self-fence kills then stops (FenceActivePassiveAsync); only a clean fence ends
    // the lease, otherwise it stays pending (the lease file keeps the expiry for the watchdog) and each tick tries again.
    private void CheckLease(Action next)
    {
        if (_lease.IsFencePending)
        {
            node.FenceGroup(node.AgentProcess, (_, errors) =>
            {
                if (errors.Count == 0)
                {
                    _lease.Release();
                }

                next();
            });
            return;
        }

        if (!_lease.IsExpired)
        {
            next();
            return;
        }

        world.Trace.Add($"{node.Name} agent: lease expired{(_lease.IsWithdrawn ? " (withdrawn)" : "")}, fencing the group");
        node.FenceGroup(node.AgentProcess, (fenced, errors) =>
        {
            if (errors.Count == 0)
            {
                _lease.Release();
            }
            else
            {
                _lease.MarkFencePending();
            }

            world.Trace.Add($"{node.Name} agent: fenced [{string.Join(", ", fenced)}], errors [{string.Join("; ", errors)}]");
            next();
        });
    }

    private void SendHeartbeat()
    {
        var id = ++_heartbeats;
        var heartbeat = BuildHeartbeat();
        _pending = id;
        _pendingSentAt = clock.GetTimestamp();
        _pendingTimeout = clock.CreateTimer(_ => TimedOut(id), null, world.Rules.HeartbeatTimeout(world.Parameters.Lease, _lease), Timeout.InfiniteTimeSpan);
        var cp = _pendingTo = world.ControlPlane;
        node.Up.Send(cp?.Process, $"heartbeat #{id}", () => cp!.OnHeartbeat(node, heartbeat, id));
    }

    private Heartbeat BuildHeartbeat() => new()
    {
        Node = node.Name,
        SentAt = clock.GetUtcNow(),
        HighestEpoch = _epoch,
        IsActiveLeaseHeld = _lease.IsHeld,
        Services = Snapshot(),
        Instance = _instance,
        Sequence = ++_sequence,
    };

    private void TimedOut(long id)
    {
        if (_pending == id)
        {
            world.Trace.Add($"{node.Name} agent: heartbeat #{id} got no ack in time");
            _pending = 0;
            EndTick();
        }
    }

    private void EndTick()
    {
        _busy = false;
        if (_tickMissed)
        {
            _tickMissed = false;
            Tick();
        }
    }
}
