using SharesConsole.ControlPlane.State;
using SharesConsole.Core.Cluster;

namespace SharesConsole.Lab;

/// <summary>The console's and the API's chaos controls over the embedded lab agents.</summary>
public sealed class LabControl(LabAgentFleet fleet, IClusterTopologySource topology) : ILabControl
{
    public bool IsLab => true;

    public Task<CommandResult> CrashAsync(string node, CancellationToken cancellationToken)
    {
        if (topology.Current.Find(node) is not { } known)
        {
            return Task.FromResult(CommandResult.NotFound($"There is no lab node named '{node}'."));
        }

        if (!fleet.Agents.TryGetValue(known.Name, out var agent) || !agent.IsConnected)
        {
            return Task.FromResult(CommandResult.Conflict($"Lab node {known.Name} is already down."));
        }

        return Task.FromResult(fleet.Crash(known.Name) ? CommandResult.Success : CommandResult.Conflict($"Lab node {known.Name} is not running."));
    }

    public async Task<CommandResult> RestoreAsync(string node, CancellationToken cancellationToken)
    {
        if (topology.Current.Find(node) is not { } known)
        {
            return CommandResult.NotFound($"There is no lab node named '{node}'.");
        }

        if (fleet.Agents.TryGetValue(known.Name, out var agent) && agent.IsConnected)
        {
            return CommandResult.Conflict($"Lab node {known.Name} is already running.");
        }

        await fleet.RestartAsync(known.Name, cancellationToken);
        return CommandResult.Success;
    }
}
