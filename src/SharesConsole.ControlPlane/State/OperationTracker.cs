using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane.State;

/// <summary>The running operation and the last failover, as the state and the console banner show them.</summary>
public sealed class OperationTracker
{
    private OperationSummary? _running;
    private OperationSummary? _lastFailover;

    public OperationSummary? Running => Volatile.Read(ref _running);

    public OperationSummary? LastFailover => Volatile.Read(ref _lastFailover);

    public event EventHandler? Changed;

    internal void Update(OperationSummary operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (operation.Status is OperationStatus.Pending or OperationStatus.Running)
        {
            Volatile.Write(ref _running, operation);
        }
        else
        {
            if (Running?.Id == operation.Id)
            {
                Volatile.Write(ref _running, null);
            }

            if (operation.Kind is OperationKind.Failover or OperationKind.Switchover or OperationKind.Drill)
            {
                Volatile.Write(ref _lastFailover, operation);
            }
        }

        Changed?.Invoke(this, EventArgs.Empty);
    }
}
