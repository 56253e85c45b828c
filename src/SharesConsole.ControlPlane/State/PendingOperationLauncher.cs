using SharesConsole.ControlPlane.Failover;
using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane.State;

/// <summary>Refuses operations while the failover engine is not wired in this host.</summary>
internal sealed class PendingOperationLauncher : IOperationLauncher
{
    private static readonly CommandResult NotRunning =
        CommandResult.Conflict("The failover engine is not running in this host, so no operation can start.");

    public Task<CommandResult<OperationSummary>> StartSwitchoverAsync(string targetNode, string actor, CancellationToken cancellationToken) =>
        Task.FromResult(CommandResult<OperationSummary>.Fail(NotRunning));

    public Task<CommandResult<OperationSummary>> StartDrillAsync(string actor, CancellationToken cancellationToken) =>
        Task.FromResult(CommandResult<OperationSummary>.Fail(NotRunning));

    public Task<CommandResult<OperationSummary>> StartFailoverAsync(FailoverTrigger.Decision decision, CancellationToken cancellationToken) =>
        Task.FromResult(CommandResult<OperationSummary>.Fail(NotRunning));
}
