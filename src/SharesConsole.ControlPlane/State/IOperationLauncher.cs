using SharesConsole.ControlPlane.Failover;
using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane.State;

/// <summary>Starts failover-engine operations; implemented by the failover engine.</summary>
public interface IOperationLauncher
{
    Task<CommandResult<OperationSummary>> StartSwitchoverAsync(string targetNode, string actor, CancellationToken cancellationToken);

    Task<CommandResult<OperationSummary>> StartDrillAsync(string actor, CancellationToken cancellationToken);

    /// <summary>Automatic failover decided by the monitor.</summary>
    Task<CommandResult<OperationSummary>> StartFailoverAsync(FailoverTrigger.Decision decision, CancellationToken cancellationToken);
}
