using SharesConsole.Agent.Fencing;
using SharesConsole.Core.Agents;
using SharesConsole.Core.Catalog;
using SharesConsole.Simulation.Tests.Loop;
using SharesConsole.Simulation.Tests.Network;
using SharesConsole.Simulation.Tests.Runs;

namespace SharesConsole.Simulation.Tests.Nodes;

/// <summary>A Shares node: its active/passive services, its agent and watchdog processes, the lease file between them, its links.</summary>
internal sealed class SimNode
{
    private readonly SimWorld _world;

    public SimNode(SimWorld world, string name, SimHost host)
    {
        _world = world;
        Name = name;
        Host = host;
        Up = new SimLink(world, $"{name}->cp", ResetConnection);
        Down = new SimLink(world, $"cp->{name}", ResetConnection);
        Services = [.. ServiceCatalog.Default.ActivePassiveStartOrder.Select(s => new SimService(world, this, s.Name))];
        AgentProcess = new SimProcess(world.Loop, $"agent@{name}");
        WatchdogProcess = new SimProcess(world.Loop, $"watchdog@{name}");
        Agent = new SimAgent(world, this, new SimClock(host, AgentProcess));
        Watchdog = new SimWatchdog(world, this, new SimClock(host, WatchdogProcess));
    }

    public string Name { get; }

    public SimHost Host { get; }

    /// <summary>Node to control plane.</summary>
    public SimLink Up { get; }

    /// <summary>Control plane to node.</summary>
    public SimLink Down { get; }

    /// <summary>The active/passive group in start order.</summary>
    public SimService[] Services { get; }

    public SimProcess AgentProcess { get; }

    public SimProcess WatchdogProcess { get; }

    public SimAgent Agent { get; }

    public SimWatchdog Watchdog { get; }

    /// <summary>What the agent last wrote for the watchdog.</summary>
    public LeaseFile? LeaseFile { get; set; }

    /// <summary>How many active/passive services have a live process here.</summary>
    public int AliveCount { get; private set; }

    public bool RunsWholeGroup => Services.All(s => s.State == ServiceRunState.Running);

    public SimService? Find(string? service) =>
        Services.FirstOrDefault(s => string.Equals(s.Name, service, StringComparison.OrdinalIgnoreCase));

    /// <summary>Stops the group in reverse start order, one after the other, continuing past failures (CommandExecutor.StopActivePassiveAsync).</summary>
    public void StopGroup(SimProcess caller, Action<List<string>, List<string>> done)
    {
        StopFrom(Services.Length - 1, caller, [], [], done, kill: false);
    }

    /// <summary>The agent's self-fence (CommandExecutor.FenceActivePassiveAsync): each service killed, then stopped, in reverse start order.</summary>
    public void FenceGroup(SimProcess caller, Action<List<string>, List<string>> done) =>
        StopFrom(Services.Length - 1, caller, [], [], done, kill: true);

    public void KillGroup(string why)
    {
        foreach (var service in Services)
        {
            service.Kill(why);
        }
    }

    /// <summary>The connection to the control plane broke: both ends see it, and what waited on it fails.</summary>
    public void ResetConnection()
    {
        if (_world.ControlPlane is { } cp)
        {
            cp.OnConnectionReset(this);
            Agent.OnConnectionClosed(cp);
        }
    }

    public void OnAliveChanged(bool alive)
    {
        AliveCount += alive ? 1 : -1;
        _world.OnGroupChanged();
    }

    public override string ToString() => Name;

    private void StopFrom(int index, SimProcess caller, List<string> stopped, List<string> errors, Action<List<string>, List<string>> done, bool kill)
    {
        if (index < 0)
        {
            done(stopped, errors);
            return;
        }

        var service = Services[index];
        if (kill)
        {
            service.Kill("agent fence: kill, then stop");
        }

        service.Stop(caller, (ok, error) =>
        {
            if (ok)
            {
                stopped.Add(service.Name);
            }
            else
            {
                errors.Add($"{service.Name}: {error}");
            }

            StopFrom(index - 1, caller, stopped, errors, done, kill);
        });
    }
}
