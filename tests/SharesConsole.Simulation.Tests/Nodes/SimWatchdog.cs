using SharesConsole.Agent.Fencing;
using SharesConsole.Simulation.Tests.Loop;
using SharesConsole.Simulation.Tests.Runs;

namespace SharesConsole.Simulation.Tests.Nodes;

/// <summary>
/// The lease watchdog process of a node: polls the lease file and, when the real <see cref="LeaseWatchdog.IsOverdue"/>
/// says so, SIGKILLs every active/passive service still alive (again on every poll, as for pid-file targets).
/// </summary>
internal sealed class SimWatchdog(SimWorld world, SimNode node, SimClock clock)
{
    private readonly LeaseWatchdog _rule = new(LeaseFile.FileName, 0, world.Parameters.WatchdogSlack, clock, TextWriter.Null);
    private ITimer? _poll;

    public void Start() => _poll ??= clock.CreateTimer(_ => Poll(), null, world.Parameters.WatchdogPoll, world.Parameters.WatchdogPoll);

    private void Poll()
    {
        if (node.LeaseFile is { } lease && node.AliveCount > 0 && _rule.IsOverdue(lease))
        {
            node.KillGroup($"watchdog: lease file expired at {lease.ExpiresAtMonotonicMs} ms");
        }
    }
}
