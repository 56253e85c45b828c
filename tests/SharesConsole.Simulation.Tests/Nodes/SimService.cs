using SharesConsole.Core.Agents;
using SharesConsole.Simulation.Tests.Loop;
using SharesConsole.Simulation.Tests.Runs;

namespace SharesConsole.Simulation.Tests.Nodes;

/// <summary>
/// The ground truth of one active/passive service on one node: what really runs, whoever believes otherwise. Starts
/// and stops take time and queue behind each other (as systemd jobs do); a SIGKILL or a crash is immediate.
/// </summary>
internal sealed class SimService(SimWorld world, SimNode node, string name)
{
    private readonly Queue<(bool Start, SimProcess Caller, Action<bool, string?> Done)> _jobs = new();
    private readonly Queue<string> _why = new();
    private bool _busy;
    private int _generation;

    public string Name { get; } = name;

    public ServiceRunState State { get; private set; } = ServiceRunState.Stopped;

    /// <summary>The process exists: starting, running or stopping all may touch the shared data files.</summary>
    public bool IsAlive => State is ServiceRunState.Starting or ServiceRunState.Running or ServiceRunState.Stopping;

    /// <summary>A fault: stops fail and leave the service running (a hung unit, a stop timeout).</summary>
    public bool StopFails { get; set; }

    /// <summary>Sets the state without a job (the initial placement).</summary>
    public void Force(ServiceRunState state) => Set(state);

    /// <summary>Who started the live process, and under which lease (for the violation report).</summary>
    public string? StartedBy { get; private set; }

    /// <summary>Starts the service (<paramref name="why"/>: for the report); <paramref name="done"/> runs as an event of <paramref name="caller"/>.</summary>
    public void Start(SimProcess caller, string why, Action<bool, string?> done)
    {
        _jobs.Enqueue((true, caller, done));
        _why.Enqueue(why);
        Next();
    }

    public void Stop(SimProcess caller, Action<bool, string?> done)
    {
        _jobs.Enqueue((false, caller, done));
        Next();
    }

    /// <summary>SIGKILL: gone at once, whatever job was running.</summary>
    public void Kill(string why)
    {
        if (IsAlive)
        {
            _generation++;
            Set(ServiceRunState.Failed);
            world.Trace.Add($"{node.Name}: {Name} killed ({why})");
        }
    }

    /// <summary>A crash of a running service.</summary>
    public void Die()
    {
        if (State == ServiceRunState.Running)
        {
            Kill("crashed by itself");
        }
    }

    private void Next()
    {
        if (_busy || !_jobs.TryDequeue(out var job))
        {
            return;
        }

        _busy = true;
        if (job.Start)
        {
            BeginStart(job.Caller, _why.Dequeue(), job.Done);
        }
        else
        {
            BeginStop(job.Caller, job.Done);
        }
    }

    private void BeginStart(SimProcess caller, string why, Action<bool, string?> done)
    {
        if (State == ServiceRunState.Running)
        {
            Finish(caller, done, true, null);
            return;
        }

        StartedBy = $"{why} at {world.Loop.Elapsed.TotalSeconds:0.000} s";
        var generation = ++_generation;
        Set(ServiceRunState.Starting);
        world.Trace.Add($"{node.Name}: {Name} starting");
        world.Loop.After(world.Parameters.StartDuration(world.Random), null, () =>
        {
            var ok = generation == _generation;
            if (ok)
            {
                Set(ServiceRunState.Running);
                world.Trace.Add($"{node.Name}: {Name} running");
            }

            Finish(caller, done, ok, ok ? null : "the process died while starting");
        });
    }

    private void BeginStop(SimProcess caller, Action<bool, string?> done)
    {
        if (!IsAlive)
        {
            Finish(caller, done, true, null);
            return;
        }

        if (StopFails)
        {
            world.Loop.After(world.Parameters.StopDuration(world.Random), null, () =>
            {
                world.Trace.Add($"{node.Name}: stopping {Name} failed (it keeps running)");
                Finish(caller, done, false, "the stop failed");
            });
            return;
        }

        var generation = ++_generation;
        Set(ServiceRunState.Stopping);
        world.Loop.After(world.Parameters.StopDuration(world.Random), null, () =>
        {
            if (generation == _generation)
            {
                Set(ServiceRunState.Stopped);
                world.Trace.Add($"{node.Name}: {Name} stopped");
            }

            Finish(caller, done, true, null);
        });
    }

    private void Finish(SimProcess caller, Action<bool, string?> done, bool ok, string? error)
    {
        _busy = false;
        world.Loop.After(TimeSpan.Zero, caller, () => done(ok, error));
        Next();
    }

    private void Set(ServiceRunState state)
    {
        var wasAlive = IsAlive;
        State = state;
        if (wasAlive != IsAlive)
        {
            node.OnAliveChanged(IsAlive);
        }
    }
}
