using SharesConsole.Simulation.Tests.ControlPlane;

namespace SharesConsole.Simulation.Tests.Runs;

/// <summary>What the faults do to the world beyond a link or a process: control-plane restarts, operator requests.</summary>
internal sealed partial class SimWorld
{
    public void OnOperationStarted()
    {
        Failovers++;
        if (_armedRestart is { } restart)
        {
            _armedRestart = null;
            Loop.After(restart.After, null, () =>
            {
                Trace.Add($"nemesis: control plane restarts {restart.After.TotalSeconds:0.###} s into the operation");
                RestartControlPlane(restart.Downtime);
            });
        }
    }

    public void ArmRestartInOperation(TimeSpan after, TimeSpan downtime)
    {
        if (Database.Live is not null)
        {
            Loop.After(after, null, () => RestartControlPlane(downtime));
            return;
        }

        _armedRestart = (after, downtime);
    }

    public void RestartControlPlane(TimeSpan downtime)
    {
        if (ControlPlane is not { } dying)
        {
            return;
        }

        dying.Process.Kill();
        ControlPlane = null;
        Trace.Add($"{dying.Process}: dies");
        foreach (var node in Nodes)
        {
            node.Down.DropHeld();
            node.Up.DropHeld();
            node.Down.Send(node.AgentProcess, "connection closed", () => node.Agent.OnConnectionClosed(dying));
        }

        _healedAt = Math.Max(_healedAt, Loop.Now + downtime.Ticks);
        Loop.After(downtime, null, () =>
        {
            ControlPlane = new SimControlPlane(this, ++_incarnation);
            Trace.Add($"{ControlPlane.Process}: starts");
            ControlPlane.Start();
        });
    }

    public void RequestSwitchover()
    {
        if (ControlPlane is { } cp && cp.Topology.Current.ActiveNode is { } active)
        {
            cp.RequestSwitchover(Nodes.First(n => n.Name != active).Name);
        }
    }
}
