using SharesConsole.Simulation.Tests.Runs;

namespace SharesConsole.Simulation.Tests.Faults;

/// <summary>The agent process stops (SIGSTOP, a long GC): it handles nothing until it resumes; its watchdog runs on.</summary>
internal sealed record AgentPause(TimeSpan At, TimeSpan For, int Node) : Fault(At)
{
    public override TimeSpan Until => At + For;

    public override void Begin(SimWorld world) => world.Nodes[Node].AgentProcess.Pause(For);

    public override string Describe() => $"{S(At)} agent on node {(char)('a' + Node)} paused for {S(For)}";
}

/// <summary>The watchdog process stops while the agent runs on.</summary>
internal sealed record WatchdogPause(TimeSpan At, TimeSpan For, int Node) : Fault(At)
{
    public override TimeSpan Until => At + For;

    public override void Begin(SimWorld world) => world.Nodes[Node].WatchdogProcess.Pause(For);

    public override string Describe() => $"{S(At)} watchdog on node {(char)('a' + Node)} paused for {S(For)}";
}

/// <summary>A wall-clock step on one host (-1: the control plane's): monotonic clocks do not move.</summary>
internal sealed record ClockStep(TimeSpan At, int Host, TimeSpan Step) : Fault(At)
{
    public override void Begin(SimWorld world) => world.Host(Host).WallOffset += Step;

    public override string Describe() => $"{S(At)} wall clock of {(Host < 0 ? "the control plane" : $"node {(char)('a' + Host)}")} steps {S(Step)}";
}

/// <summary>The control plane dies and starts again after <paramref name="Downtime"/>; only the database survives.</summary>
internal sealed record Restart(TimeSpan At, TimeSpan Downtime) : Fault(At)
{
    public override TimeSpan Until => At + Downtime;

    public override void Begin(SimWorld world) => world.RestartControlPlane(Downtime);

    public override string Describe() => $"{S(At)} control plane restarts ({S(Downtime)} down)";
}

/// <summary>
/// Arms a control-plane restart <paramref name="After"/> into the next operation (or the one running now), so
/// restarts hit fences, epoch raises and starts.
/// </summary>
internal sealed record RestartMidOperation(TimeSpan At, TimeSpan After, TimeSpan Downtime) : Fault(At)
{
    public override TimeSpan Until => At + After + Downtime;

    public override void Begin(SimWorld world) => world.ArmRestartInOperation(After, Downtime);

    public override string Describe() => $"{S(At)} control plane restarts {S(After)} into the next operation ({S(Downtime)} down)";
}
