using SharesConsole.ControlPlane.Failover;
using SharesConsole.Core.Failover;
using SharesConsole.Simulation.Tests.ControlPlane;

namespace SharesConsole.Simulation.Tests.OldRules;

/// <summary>
/// OLD RULE (OperationExecutor and FencingRules.LeaseExpiry before 1286197): the fence deadline is computed once, when
/// the operation's fence first asks, as the last heartbeat received from the node (or the operation's creation) +
/// lease + margin on the control plane's wall clock, and never moves. Everything else goes to the real actions.
/// </summary>
internal sealed class FixedFenceDeadlineActions(IFailoverActions inner, SimControlPlane cp) : IFailoverActions
{
    private Guid? _operation;
    private DateTimeOffset _deadline;

    public bool IsConnected(string node) => inner.IsConnected(node);

    public bool IsHeard(string node) => inner.IsHeard(node);

    public Task<ActionResult> PoisonPillAsync(string via, string victim, long epoch, TimeSpan wait, CancellationToken cancellationToken) =>
        inner.PoisonPillAsync(via, victim, epoch, wait, cancellationToken);

    public TimeSpan LeaseRemaining(string node, TimeSpan lease, TimeSpan margin)
    {
        var operation = cp.Current.RunningOperation;
        if (operation?.Id != _operation)
        {
            _operation = operation?.Id;
            _deadline = (cp.Report(node)?.ReceivedAt ?? operation?.CreatedAt ?? cp.Clock.GetUtcNow()) + lease + margin;
        }

        var left = _deadline - cp.Clock.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    public Task<ActionResult> StopGroupAsync(string node, long epoch, CancellationToken cancellationToken) => inner.StopGroupAsync(node, epoch, cancellationToken);

    public Task<ActionResult> StopServiceAsync(string node, string service, long epoch, CancellationToken cancellationToken) =>
        inner.StopServiceAsync(node, service, epoch, cancellationToken);

    public Task<ActionResult> StartServiceAsync(string node, string service, long epoch, CancellationToken cancellationToken) =>
        inner.StartServiceAsync(node, service, epoch, cancellationToken);

    public Task<bool> IsGroupStoppedAsync(string node, CancellationToken cancellationToken) => inner.IsGroupStoppedAsync(node, cancellationToken);

    public Task<(EpochRaise Result, long Current)> RaiseEpochAsync(long expected, string newActive, CancellationToken cancellationToken) =>
        inner.RaiseEpochAsync(expected, newActive, cancellationToken);

    public Task RecordStepAsync(Guid operationId, StepRecord step, CancellationToken cancellationToken) => inner.RecordStepAsync(operationId, step, cancellationToken);
}
