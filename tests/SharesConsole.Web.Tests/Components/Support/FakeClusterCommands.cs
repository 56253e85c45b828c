using SharesConsole.ControlPlane.State;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.State;

namespace SharesConsole.Web.Tests.Components.Support;

/// <summary>Records every command; settings go through the real validator so field errors are real.</summary>
public sealed class FakeClusterCommands : IClusterCommands
{
    public List<string> Calls { get; } = [];

    public ClusterSettings? SavedSettings { get; private set; }

    /// <summary>When set, settings updates answer this instead of validating (a server-side refusal).</summary>
    public CommandResult? SettingsAnswer { get; set; }

    public Task<CommandResult> SetDrainAsync(string node, bool drained, string actor, CancellationToken cancellationToken)
    {
        Calls.Add($"drain {node} {drained} by {actor}");
        return Task.FromResult(CommandResult.Success);
    }

    public Task<CommandResult> SetMaintenanceAsync(string node, bool maintenance, string actor, CancellationToken cancellationToken)
    {
        Calls.Add($"maintenance {node} {maintenance} by {actor}");
        return Task.FromResult(CommandResult.Success);
    }

    public Task<CommandResult<OperationSummary>> StartSwitchoverAsync(string targetNode, string actor, CancellationToken cancellationToken)
    {
        Calls.Add($"switchover {targetNode} by {actor}");
        return Task.FromResult(CommandResult<OperationSummary>.Fail(CommandResult.Conflict("engine not running")));
    }

    public Task<CommandResult<OperationSummary>> StartDrillAsync(string actor, CancellationToken cancellationToken)
    {
        Calls.Add($"drill by {actor}");
        return Task.FromResult(CommandResult<OperationSummary>.Fail(CommandResult.Conflict("engine not running")));
    }

    public Task<CommandResult> UpdateSettingsAsync(ClusterSettings settings, string actor, CancellationToken cancellationToken)
    {
        Calls.Add($"settings by {actor}");
        if (SettingsAnswer is not null)
        {
            return Task.FromResult(SettingsAnswer);
        }

        var errors = ClusterSettingsValidator.Validate(settings);
        if (errors.Count > 0)
        {
            return Task.FromResult(CommandResult.Invalid(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray())));
        }

        SavedSettings = settings;
        return Task.FromResult(CommandResult.Success);
    }
}
