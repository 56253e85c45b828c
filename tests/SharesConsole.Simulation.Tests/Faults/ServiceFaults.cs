using SharesConsole.Simulation.Tests.Runs;

namespace SharesConsole.Simulation.Tests.Faults;

/// <summary>An active/passive service crashes by itself (if it runs).</summary>
internal sealed record ServiceDies(TimeSpan At, int Node, int Service) : Fault(At)
{
    public override void Begin(SimWorld world) => world.Nodes[Node].Services[Service].Die();

    public override string Describe() => $"{S(At)} service #{Service} on node {(char)('a' + Node)} crashes";
}

/// <summary>Stops of a service fail (it keeps running) for a while: a hung unit, a stop that times out.</summary>
internal sealed record StopFails(TimeSpan At, TimeSpan For, int Node, int Service) : Fault(At)
{
    public override TimeSpan Until => At + For;

    public override void Begin(SimWorld world) => world.Nodes[Node].Services[Service].StopFails = true;

    public override void End(SimWorld world) => world.Nodes[Node].Services[Service].StopFails = false;

    public override string Describe() => $"{S(At)} stops of service #{Service} on node {(char)('a' + Node)} fail for {S(For)}";
}

/// <summary>An operator asks for a planned switchover to the passive node.</summary>
internal sealed record Switchover(TimeSpan At) : Fault(At)
{
    public override void Begin(SimWorld world) => world.RequestSwitchover();

    public override string Describe() => $"{S(At)} operator asks for a switchover";
}
