using SharesConsole.Simulation.Tests.Network;

namespace SharesConsole.Simulation.Tests.Faults;

/// <summary>The nemesis's script for one schedule, drawn from its seed: one to six faults in a window after start-up.</summary>
internal static class FaultPlan
{
    private static readonly (int Weight, Func<Random, TimeSpan, IEnumerable<Fault>> Draw)[] Kinds =
    [
        (14, (r, at) => [new Delay(at, Secs(r, 2, 40), Node(r), Direction(r, down: 0.7), Secs(r, 0.2, 8))]),
        (6, (r, at) => [new Reorder(at, Secs(r, 2, 30), Node(r), Direction(r, down: 0.5), Secs(r, 0.1, 4))]),
        (8, (r, at) => [new Loss(at, Secs(r, 2, 30), Node(r), Direction(r, down: 0.5), 0.05 + (0.55 * r.NextDouble()), 0.3 * r.NextDouble())]),
        (18, (r, at) => [new Partition(at, Secs(r, 1, 40), Node(r), Direction(r, down: 0.25, both: 0.5), Mode(r))]),
        (10, DelayThenCut),
        (8, (r, at) => [new AgentPause(at, Secs(r, 0.2, 25), Node(r))]),
        (5, (r, at) => [new WatchdogPause(at, Secs(r, 0.5, 25), Node(r))]),
        (6, (r, at) => [new ClockStep(at, r.Next(-1, 2), TimeSpan.FromSeconds(r.Next(2) == 0 ? -30 : 30))]),
        (4, (r, at) => [new Restart(at, Secs(r, 0.5, 10))]),
        (8, (r, at) => [new RestartMidOperation(at, Secs(r, 0, 14), Secs(r, 0.5, 8))]),
        (6, (r, at) => [new ServiceDies(at, Node(r), r.Next(4))]),
        (6, (r, at) => [new StopFails(at, Secs(r, 2, 30), Node(r), r.Next(4))]),
        (5, (r, at) => [new Switchover(at)]),
    ];

    public static IReadOnlyList<Fault> Draw(Random random)
    {
        var window = Secs(random, 20, 80);
        var count = 1 + random.Next(6);
        var faults = new List<Fault>();
        for (var i = 0; i < count; i++)
        {
            var at = TimeSpan.FromSeconds(3) + (window * random.NextDouble());
            faults.AddRange(Pick(random)(random, at));
        }

        return [.. SeparatePauses(faults).OrderBy(f => f.At)];
    }

    /// <summary>
    /// A double fault no software on the node can survive is kept apart by moving the later one after the earlier: an
    /// agent and its watchdog stopped together (nothing left to fence: that takes a hardware watchdog or storage fencing).
    /// </summary>
    private static IEnumerable<Fault> SeparatePauses(List<Fault> faults)
    {
        var placed = new List<(int Node, Type Kind, TimeSpan From, TimeSpan Until)>();
        foreach (var fault in faults.OrderBy(f => f.At))
        {
            var (node, length) = fault switch
            {
                AgentPause p => (p.Node, p.For),
                WatchdogPause p => (p.Node, p.For),
                _ => (-1, TimeSpan.Zero),
            };
            if (node < 0)
            {
                yield return fault;
                continue;
            }

            var at = fault.At;
            while (placed.FirstOrDefault(w => w.Node == node && Conflict(w.Kind, fault.GetType()) && w.From < at + length && at < w.Until) is { Kind: not null } clash)
            {
                at = clash.Until;
            }

            placed.Add((node, fault.GetType(), at, at + length));
            yield return fault switch
            {
                AgentPause p => p with { At = at },
                WatchdogPause p => p with { At = at },
                _ => fault,
            };
        }
    }

    private static bool Conflict(Type a, Type b) =>
        (a == typeof(WatchdogPause) && b == typeof(AgentPause)) || (b == typeof(WatchdogPause) && a == typeof(AgentPause));

    /// <summary>The reproduced incident: what the control plane sends to a node is delayed, then the node is cut off.</summary>
    private static IEnumerable<Fault> DelayThenCut(Random random, TimeSpan at)
    {
        var node = Node(random);
        var cutAt = at + Secs(random, 2, 15);
        var cutFor = Secs(random, 5, 40);
        yield return new Delay(at, cutAt + cutFor - at, node, Way.Down, Secs(random, 1, 6));
        yield return new Partition(cutAt, cutFor, node, Way.Both, Mode(random));
    }

    private static Func<Random, TimeSpan, IEnumerable<Fault>> Pick(Random random)
    {
        var roll = random.Next(Kinds.Sum(k => k.Weight));
        foreach (var (weight, draw) in Kinds)
        {
            if ((roll -= weight) < 0)
            {
                return draw;
            }
        }

        throw new InvalidOperationException("unreachable");
    }

    /// <summary>Mostly node a, the active node at the start.</summary>
    private static int Node(Random random) => random.NextDouble() < 0.7 ? 0 : 1;

    private static Way Direction(Random random, double down, double both = 0)
    {
        var roll = random.NextDouble();
        return roll < both ? Way.Both : roll < both + down ? Way.Down : Way.Up;
    }

    private static PartitionMode Mode(Random random) => random.Next(2) == 0 ? PartitionMode.Drop : PartitionMode.Hold;

    private static TimeSpan Secs(Random random, double min, double max) => TimeSpan.FromSeconds(min + ((max - min) * random.NextDouble()));
}
