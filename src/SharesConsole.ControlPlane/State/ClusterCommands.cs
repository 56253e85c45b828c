using SharesConsole.ControlPlane.Events;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.State;

namespace SharesConsole.ControlPlane.State;

/// <summary>
/// Applies operator commands to the live topology and records them. Operations (switchover, drill)
/// are handed to <see cref="IOperationLauncher"/>, which the failover engine implements.
/// </summary>
public sealed class ClusterCommands(
    ClusterStore store,
    IEventRecorder events,
    IOperationLauncher launcher) : IClusterCommands
{
    public Task<CommandResult> SetDrainAsync(string node, bool drained, string actor, CancellationToken cancellationToken) =>
        SetIntentAsync(node, OperatorIntent.Drained, drained, actor, drained ? EventKinds.NodeDrained : EventKinds.NodeUndrained, cancellationToken);

    public Task<CommandResult> SetMaintenanceAsync(string node, bool maintenance, string actor, CancellationToken cancellationToken) =>
        SetIntentAsync(node, OperatorIntent.Maintenance, maintenance, actor, EventKinds.NodeMaintenance, cancellationToken);

    public Task<CommandResult<OperationSummary>> StartSwitchoverAsync(string targetNode, string actor, CancellationToken cancellationToken)
    {
        var target = store.Topology.Find(targetNode);
        if (target is null)
        {
            return Task.FromResult(CommandResult<OperationSummary>.Fail(CommandResult.NotFound($"There is no node named '{targetNode}'.")));
        }

        return launcher.StartSwitchoverAsync(target.Name, actor, cancellationToken);
    }

    public Task<CommandResult<OperationSummary>> StartDrillAsync(string actor, CancellationToken cancellationToken) =>
        launcher.StartDrillAsync(actor, cancellationToken);

    public async Task<CommandResult> UpdateSettingsAsync(ClusterSettings settings, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = ClusterSettingsValidator.Validate(settings);
        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        }

        var before = store.Topology.Settings;
        await store.SaveSettingsAsync(settings, cancellationToken);
        if (before.Architecture != settings.Architecture)
        {
            await events.RecordAsync(EventKinds.ArchitectureChanged, $"{actor} switched the architecture from {before.Architecture} to {settings.Architecture}.", cancellationToken: cancellationToken);
        }

        await events.RecordAsync(EventKinds.SettingsChanged, $"{actor} changed the cluster settings.", cancellationToken: cancellationToken);
        return CommandResult.Success;
    }

    private async Task<CommandResult> SetIntentAsync(string node, OperatorIntent flag, bool on, string actor, string kind, CancellationToken cancellationToken)
    {
        var current = store.Topology.Find(node);
        if (current is null)
        {
            return CommandResult.NotFound($"There is no node named '{node}'.");
        }

        if (current.Intent.HasFlag(flag) == on)
        {
            return CommandResult.Success;
        }

        var intent = on ? current.Intent | flag : current.Intent & ~flag;
        if (!await store.SetIntentAsync(current.Name, intent, cancellationToken))
        {
            return CommandResult.NotFound($"There is no node named '{node}'.");
        }

        var verb = flag == OperatorIntent.Drained ? (on ? "drained" : "undrained") : (on ? "put in maintenance" : "took out of maintenance");
        await events.RecordAsync(kind, $"{actor} {verb} {current.Name}.", current.Name, cancellationToken: cancellationToken);
        return CommandResult.Success;
    }
}
