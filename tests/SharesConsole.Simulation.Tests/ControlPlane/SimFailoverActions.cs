using SharesConsole.ControlPlane.Failover;
using SharesConsole.Core.Agents;
using SharesConsole.Core.Catalog;
using SharesConsole.Core.Failover;
using SharesConsole.Core.State;
using SharesConsole.Simulation.Tests.Nodes;
using SharesConsole.Simulation.Tests.Runs;

namespace SharesConsole.Simulation.Tests.ControlPlane;

/// <summary>
/// The executor's hands as AgentFailoverActions has them: commands over the simulated network awaiting their replies,
/// the lease from the real <c>LeaseGrants</c>, the epoch compare-and-set and the step records in the simulated database.
/// </summary>
internal sealed class SimFailoverActions(SimWorld world, SimControlPlane cp) : IFailoverActions
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public bool IsConnected(string node) => cp.IsConnected(node);

    // AgentFailoverActions.IsHeard.
    public bool IsHeard(string node) =>
        cp.IsConnected(node)
        && ClusterStateBuilder.HeartbeatAge(cp.Report(node), cp.Clock.GetUtcNow(), cp.Clock.GetElapsedTime) is { } age
        && age < world.Parameters.HeartbeatTimeout;

    public TimeSpan LeaseRemaining(string node, TimeSpan lease, TimeSpan margin) => cp.Grants.Remaining(node, lease, margin);

    public async Task<ActionResult> StopGroupAsync(string node, long epoch, CancellationToken cancellationToken) =>
        Result(await cp.SendAsync(world.Node(node), Command(AgentCommandKind.StopActivePassive, epoch, null, "failover fencing"), cancellationToken), "stopped every active/passive service");

    public async Task<ActionResult> StopServiceAsync(string node, string service, long epoch, CancellationToken cancellationToken) =>
        Result(await cp.SendAsync(world.Node(node), Command(AgentCommandKind.Stop, epoch, service, "switchover"), cancellationToken), $"{service} stopped");

    // AgentFailoverActions.PoisonPillAsync: the command goes to the node that fences through the storage.
    public async Task<ActionResult> PoisonPillAsync(string via, string victim, long epoch, TimeSpan wait, CancellationToken cancellationToken)
    {
        var command = new AgentCommand
        {
            Id = cp.NextCommandId(), Kind = AgentCommandKind.PoisonPill, Epoch = epoch, Reason = "failover fencing through the shared storage",
            TargetNode = victim, TimeoutMs = (long)Math.Ceiling(wait.TotalMilliseconds),
        };
        var reply = await cp.SendAsync(world.Node(via), command, cancellationToken);
        return reply.Ok ? ActionResult.Success(reply.Message ?? $"{victim} confirmed the poison pill") : ActionResult.Failure($"{reply.Error}: {reply.Message}");
    }

    public async Task<ActionResult> StartServiceAsync(string node, string service, long epoch, CancellationToken cancellationToken)
    {
        var time = cp.Clock;
        var verify = world.Parameters.StartVerifyTimeout;
        var waitingSince = time.GetTimestamp();
        while (!IsConnected(node) && time.GetElapsedTime(waitingSince) < verify)
        {
            await Task.Delay(Poll, time, cancellationToken);
        }

        var reply = await cp.SendAsync(world.Node(node), Command(AgentCommandKind.Start, epoch, service, "operation"), cancellationToken);
        if (!reply.Ok)
        {
            return Result(reply, "");
        }

        if (IsUp(reply.Services, service))
        {
            return ActionResult.Success($"{service} running on {node}.");
        }

        var verifyingSince = time.GetTimestamp();
        while (time.GetElapsedTime(verifyingSince) < verify)
        {
            if (cp.Report(node)?.Services.FirstOrDefault(s => string.Equals(s.Service, service, StringComparison.OrdinalIgnoreCase)) is { State: ObservedState.Running, ProbeOk: true })
            {
                return ActionResult.Success($"{service} running on {node}.");
            }

            var check = await cp.SendAsync(world.Node(node), Command(AgentCommandKind.Report, epoch, null, "verify"), cancellationToken);
            if (IsUp(check.Services, service))
            {
                return ActionResult.Success($"{service} running on {node}.");
            }

            await Task.Delay(Poll, time, cancellationToken);
        }

        return ActionResult.Failure($"{service} on {node} did not pass its probe within {verify.TotalSeconds:0} s.");
    }

    public async Task<bool> IsGroupStoppedAsync(string node, CancellationToken cancellationToken)
    {
        var reply = await cp.SendAsync(world.Node(node), Command(AgentCommandKind.Report, cp.Topology.Current.Epoch, null, "confirm"), cancellationToken);
        if (!reply.Ok)
        {
            return false;
        }

        var group = ServiceCatalog.Default.ActivePassiveStartOrder.Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return reply.Services.Where(s => group.Contains(s.Name)).All(s => s.State is ServiceRunState.Stopped or ServiceRunState.Failed or ServiceRunState.Unknown);
    }

    public Task<(EpochRaise Result, long Current)> RaiseEpochAsync(long expected, string newActive, CancellationToken cancellationToken)
    {
        var result = world.Database.RaiseEpoch(expected, newActive);
        world.Trace.Add($"{cp.Process}: raise epoch {expected} -> {newActive}: {result.Result} ({result.Current})");
        if (result.Result != EpochRaise.Stale)
        {
            cp.OnEpochRaised(newActive, result.Current);
        }

        return Task.FromResult(result);
    }

    public Task RecordStepAsync(Guid operationId, StepRecord step, CancellationToken cancellationToken)
    {
        world.Database.RecordStep(operationId, step);
        cp.OnStepRecorded(operationId, step);
        return Task.CompletedTask;
    }

    private AgentCommand Command(AgentCommandKind kind, long epoch, string? service, string reason) =>
        new() { Id = cp.NextCommandId(), Kind = kind, Epoch = epoch, ServiceName = service, Reason = reason };

    private static bool IsUp(IReadOnlyList<ServiceStatus> services, string service) =>
        services.FirstOrDefault(s => string.Equals(s.Name, service, StringComparison.OrdinalIgnoreCase)) is { State: ServiceRunState.Running, LastProbeOk: true };

    private static ActionResult Result(CommandReply reply, string success) =>
        reply.Ok ? ActionResult.Success(success) : ActionResult.Failure($"{reply.Error}: {reply.Message}");
}
