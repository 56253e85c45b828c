using SharesConsole.Simulation.Tests.Loop;
using SharesConsole.Simulation.Tests.Runs;

namespace SharesConsole.Simulation.Tests.Network;

/// <summary>How a partitioned link treats what is sent over it.</summary>
internal enum PartitionMode
{
    None,

    /// <summary>Lost, and the connection with it: its ends see it reset (a rejecting firewall, a restarted switch).</summary>
    Drop,

    /// <summary>Kept in a TCP buffer and delivered after the heal, if the connection survived that long.</summary>
    Hold,
}

/// <summary>
/// One direction between the control plane and a node: one SignalR connection, so messages arrive in the order they
/// were sent (a delay holds back what follows, as a slow relay does), after the base latency plus jitter. Faults add a
/// fixed delay, reordering (what the agent's and the reconciler's <c>Task.Run</c> per command do to the order in
/// which commands take effect: a message may overtake others), drops, duplicates and partitions. Over TCP a message is
/// only ever lost with its connection, so a drop also resets the connection (<paramref name="reset"/>): both ends
/// learn it shortly after, and what waited on the old connection fails.
/// </summary>
internal sealed class SimLink(SimWorld world, string name, Action reset)
{
    /// <summary>A connection that stays cut longer than this is gone, and with it what was buffered.</summary>
    public static readonly TimeSpan HoldLimit = TimeSpan.FromSeconds(30);

    private readonly List<(long SentAt, SimProcess To, Action Deliver)> _held = [];
    private long _lastArrival;

    public string Name { get; } = name;

    public TimeSpan BaseLatency { get; set; } = TimeSpan.FromMilliseconds(1);

    public TimeSpan Jitter { get; set; } = TimeSpan.FromMilliseconds(5);

    public TimeSpan ExtraDelay { get; set; }

    public TimeSpan ReorderSpread { get; set; }

    public double DropRate { get; set; }

    public double DuplicateRate { get; set; }

    public PartitionMode Partition { get; private set; }

    public bool IsCut => Partition != PartitionMode.None;

    /// <summary>Sends to <paramref name="to"/> (null: nobody listens); <paramref name="deliver"/> runs as its event.</summary>
    public void Send(SimProcess? to, string what, Action deliver)
    {
        if (to is null || to.IsDead)
        {
            world.Trace.Add($"{Name}: {what} lost (nobody listens)");
            return;
        }

        switch (Partition)
        {
            case PartitionMode.Drop:
                world.Trace.Add($"{Name}: {what} lost (cut)");
                Reset();
                return;
            case PartitionMode.Hold:
                _held.Add((world.Loop.Now, to, deliver));
                world.Trace.Add($"{Name}: {what} held (cut)");
                return;
            default:
                break;
        }

        if (DropRate > 0 && world.Random.NextDouble() < DropRate)
        {
            world.Trace.Add($"{Name}: {what} dropped");
            Reset();
            return;
        }

        Deliver(to, deliver);
        if (DuplicateRate > 0 && world.Random.NextDouble() < DuplicateRate)
        {
            world.Trace.Add($"{Name}: {what} duplicated");
            Deliver(to, deliver);
        }
    }

    /// <summary>The connection closed (the control plane timed it out, or died): nothing it still buffered will arrive.</summary>
    public void DropHeld()
    {
        if (_held.Count > 0)
        {
            world.Trace.Add($"{Name}: connection closed, {_held.Count} held message(s) lost");
            _held.Clear();
        }
    }

    public void Cut(PartitionMode mode) => Partition = mode;

    /// <summary>Ends a partition: a held backlog arrives in order unless the connection timed out meanwhile.</summary>
    public void Heal()
    {
        Partition = PartitionMode.None;
        foreach (var (sentAt, to, deliver) in _held)
        {
            if (world.Loop.Now - sentAt < HoldLimit.Ticks)
            {
                Deliver(to, deliver);
            }
        }

        world.Trace.Add($"{Name}: healed, {_held.Count} held message(s) released");
        _held.Clear();
    }

    private void Reset() => world.Loop.After(BaseLatency + BaseLatency + Jitter, null, reset);

    private void Deliver(SimProcess to, Action deliver)
    {
        var at = world.Loop.Now + (BaseLatency + ExtraDelay + ((Jitter + ReorderSpread) * world.Random.NextDouble())).Ticks;
        if (ReorderSpread == TimeSpan.Zero)
        {
            at = Math.Max(at, _lastArrival);
        }

        _lastArrival = Math.Max(_lastArrival, at);
        world.Loop.At(at, to, deliver);
    }
}
