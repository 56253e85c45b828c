using SharesConsole.Core.Cluster;
using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane.State;

/// <summary>
/// Everything an operator can ask of the cluster, shared by the console and the REST API.
/// Role checks happen in the caller (console action / endpoint); <c>actor</c> goes to the audit log.
/// </summary>
public interface IClusterCommands
{
    /// <summary>Drain: no new requests, connections or flows for the node; existing ones finish.</summary>
    Task<CommandResult> SetDrainAsync(string node, bool drained, string actor, CancellationToken cancellationToken);

    /// <summary>Maintenance: out of every pool and of placement; services are left alone.</summary>
    Task<CommandResult> SetMaintenanceAsync(string node, bool maintenance, string actor, CancellationToken cancellationToken);

    /// <summary>Planned switchover of the active/passive group to <paramref name="targetNode"/>; runs as a background operation.</summary>
    Task<CommandResult<OperationSummary>> StartSwitchoverAsync(string targetNode, string actor, CancellationToken cancellationToken);

    /// <summary>A failover drill: a switchover to the next preferred node, recorded with its timings.</summary>
    Task<CommandResult<OperationSummary>> StartDrillAsync(string actor, CancellationToken cancellationToken);

    /// <summary>Validates and saves the whole settings record at once (nothing is saved half-way).</summary>
    Task<CommandResult> UpdateSettingsAsync(ClusterSettings settings, string actor, CancellationToken cancellationToken);
}
