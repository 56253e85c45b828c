using Microsoft.Extensions.Options;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.ControlPlane.Configuration;
using SharesConsole.ControlPlane.State;
using SharesConsole.Core.Agents;
using SharesConsole.Core.Failover;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;

namespace SharesConsole.ControlPlane.Failover;

/// <summary>The failover executor's hands: agent commands over the hub, the epoch in the database, step records.</summary>
public sealed class AgentFailoverActions(
    IAgentCommandSender agents,
    AgentReportStore reports,
    ClusterStore store,
    LeaseGrants grants,
    OperationStore operations,
    TimeProvider time,
    IOptions<ControlPlaneOptions> options) : IFailoverActions
{
    /// <summary>How long a started service may take to pass its probe.</summary>
    private TimeSpan StartVerifyTimeout => options.Value.Failover.StartVerifyTimeout;

    public event EventHandler<(Guid Operation, StepRecord Step)>? StepRecorded;

    public bool IsConnected(string node) => agents.Find(node)?.IsConnected == true;

    public bool IsHeard(string node) =>
        IsConnected(node)
        && ClusterStateBuilder.HeartbeatAge(reports.Snapshot().GetValueOrDefault(node), time.GetUtcNow(), time.GetElapsedTime) is { } age
        && age < TimeSpan.FromMilliseconds(options.Value.HeartbeatTimeoutMs);

    public TimeSpan LeaseRemaining(string node, TimeSpan lease, TimeSpan margin) => grants.Remaining(node, lease, margin);

    public async Task<ActionResult> StopGroupAsync(string node, long epoch, CancellationToken cancellationToken) =>
        Result(await agents.SendAsync(node, AgentCommand.Create(AgentCommandKind.StopActivePassive, epoch, reason: "failover fencing"), cancellationToken), "stopped every active/passive service");

    public async Task<ActionResult> PoisonPillAsync(string via, string victim, long epoch, TimeSpan wait, CancellationToken cancellationToken)
    {
        var command = AgentCommand.Create(AgentCommandKind.PoisonPill, epoch, reason: "failover fencing through the shared storage") with
        {
            TargetNode = victim,
            TimeoutMs = (long)Math.Ceiling(wait.TotalMilliseconds),
        };
        // The agent's own words on success: when and what the victim confirmed through the storage.
        var reply = await agents.SendAsync(via, command, cancellationToken);
        return reply.Ok ? ActionResult.Success(reply.Message ?? $"{victim} confirmed the poison pill") : Result(reply, "");
    }

    public async Task<ActionResult> StopServiceAsync(string node, string service, long epoch, CancellationToken cancellationToken)
    {
        await WaitConnectedAsync(node, cancellationToken);
        return Result(await agents.SendAsync(node, AgentCommand.Create(AgentCommandKind.Stop, epoch, service, "switchover"), cancellationToken), $"{service} stopped");
    }

    /// <summary>
    /// An agent that is reconnecting (after a control-plane restart or a change of leader, which resumes the operation
    /// before the agents are back) gets the verify time to come back before a step gives up on it.
    /// </summary>
    private async Task WaitConnectedAsync(string node, CancellationToken cancellationToken)
    {
        var waitingSince = time.GetTimestamp();
        while (!IsConnected(node) && time.GetElapsedTime(waitingSince) < StartVerifyTimeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken);
        }
    }

    public async Task<ActionResult> StartServiceAsync(string node, string service, long epoch, CancellationToken cancellationToken)
    {
        await WaitConnectedAsync(node, cancellationToken);
        var reply = await agents.SendAsync(node, AgentCommand.Create(AgentCommandKind.Start, epoch, service, "operation"), cancellationToken);
        if (!reply.Ok)
        {
            return Result(reply, "");
        }

        if (reply.Services.FirstOrDefault(s => string.Equals(s.Name, service, StringComparison.OrdinalIgnoreCase)) is { State: ServiceRunState.Running, LastProbeOk: true } now)
        {
            return ActionResult.Success($"{service} running on {node}, probe ok ({now.LastProbeLatencyMs:0.#} ms).");
        }

        var verifyingSince = time.GetTimestamp();
        while (time.GetElapsedTime(verifyingSince) < StartVerifyTimeout)
        {
            var observed = reports.Snapshot().GetValueOrDefault(node)?.Services.FirstOrDefault(s => string.Equals(s.Service, service, StringComparison.OrdinalIgnoreCase));
            if (observed is { State: Core.State.ObservedState.Running, ProbeOk: true })
            {
                return ActionResult.Success($"{service} running on {node}, probe ok ({observed.ProbeLatencyMs:0.#} ms).");
            }

            var check = await agents.SendAsync(node, AgentCommand.Create(AgentCommandKind.Report, epoch), cancellationToken);
            if (check.Services.FirstOrDefault(s => string.Equals(s.Name, service, StringComparison.OrdinalIgnoreCase)) is { State: ServiceRunState.Running, LastProbeOk: true } reported)
            {
                return ActionResult.Success($"{service} running on {node}, probe ok ({reported.LastProbeLatencyMs:0.#} ms).");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken);
        }

        return ActionResult.Failure($"{service} on {node} did not pass its probe within {StartVerifyTimeout.TotalSeconds:0} s.");
    }

    public async Task<bool> IsGroupStoppedAsync(string node, CancellationToken cancellationToken)
    {
        await WaitConnectedAsync(node, cancellationToken);
        var reply = await agents.SendAsync(node, AgentCommand.Create(AgentCommandKind.Report, store.Topology.Epoch), cancellationToken);
        if (!reply.Ok)
        {
            return false;
        }

        var group = store.Catalog.ActivePassiveStartOrder.Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return reply.Services.Where(s => group.Contains(s.Name)).All(s => s.State is ServiceRunState.Stopped or ServiceRunState.Failed or ServiceRunState.Unknown);
    }

    public Task<(EpochRaise Result, long Current)> RaiseEpochAsync(long expected, string newActive, CancellationToken cancellationToken) =>
        store.RaiseEpochAsync(expected, newActive, cancellationToken);

    public async Task RecordStepAsync(Guid operationId, StepRecord step, CancellationToken cancellationToken)
    {
        await operations.RecordStepAsync(operationId, step, cancellationToken);
        StepRecorded?.Invoke(this, (operationId, step));
    }

    private static ActionResult Result(CommandReply reply, string success) =>
        reply.Ok ? ActionResult.Success(success) : ActionResult.Failure($"{reply.Error}: {reply.Message}");
}
