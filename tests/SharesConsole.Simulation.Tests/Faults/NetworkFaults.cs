using SharesConsole.Simulation.Tests.Network;
using SharesConsole.Simulation.Tests.Runs;

namespace SharesConsole.Simulation.Tests.Faults;

/// <summary>Which way between the control plane and a node a network fault hits.</summary>
internal enum Way
{
    /// <summary>Control plane to node: acks and commands.</summary>
    Down,

    /// <summary>Node to control plane: heartbeats and replies.</summary>
    Up,

    Both,
}

internal abstract record LinkFault(TimeSpan At, TimeSpan For, int Node, Way Way) : Fault(At)
{
    public override TimeSpan Until => At + For;

    public override void Begin(SimWorld world) => Apply(world, true);

    public override void End(SimWorld world) => Apply(world, false);

    protected abstract void Set(SimLink link, bool on);

    protected string Where => $"node {(char)('a' + Node)} {Way}";

    private void Apply(SimWorld world, bool on)
    {
        var node = world.Nodes[Node];
        if (Way is Way.Down or Way.Both)
        {
            Set(node.Down, on);
        }

        if (Way is Way.Up or Way.Both)
        {
            Set(node.Up, on);
        }
    }
}

/// <summary>Every message takes <paramref name="By"/> longer (a slow relay, a congested path).</summary>
internal sealed record Delay(TimeSpan At, TimeSpan For, int Node, Way Way, TimeSpan By) : LinkFault(At, For, Node, Way)
{
    protected override void Set(SimLink link, bool on) => link.ExtraDelay = on ? By : TimeSpan.Zero;

    public override string Describe() => $"{S(At)} delay {S(By)} on {Where} for {S(For)}";
}

/// <summary>Every message takes a random extra up to <paramref name="Spread"/>: heavy reordering.</summary>
internal sealed record Reorder(TimeSpan At, TimeSpan For, int Node, Way Way, TimeSpan Spread) : LinkFault(At, For, Node, Way)
{
    protected override void Set(SimLink link, bool on) => link.ReorderSpread = on ? Spread : TimeSpan.Zero;

    public override string Describe() => $"{S(At)} reorder (spread {S(Spread)}) on {Where} for {S(For)}";
}

internal sealed record Loss(TimeSpan At, TimeSpan For, int Node, Way Way, double Drop, double Duplicate) : LinkFault(At, For, Node, Way)
{
    protected override void Set(SimLink link, bool on)
    {
        link.DropRate = on ? Drop : 0;
        link.DuplicateRate = on ? Duplicate : 0;
    }

    public override string Describe() => $"{S(At)} drop {Drop:P0} duplicate {Duplicate:P0} on {Where} for {S(For)}";
}

/// <summary>The node is cut from the control plane (and its edge probes) one way or both, then healed.</summary>
internal sealed record Partition(TimeSpan At, TimeSpan For, int Node, Way Way, PartitionMode Mode) : LinkFault(At, For, Node, Way)
{
    protected override void Set(SimLink link, bool on)
    {
        if (on)
        {
            link.Cut(Mode);
        }
        else
        {
            link.Heal();
        }
    }

    public override string Describe() => $"{S(At)} partition ({Mode}) {Where} for {S(For)}";
}
