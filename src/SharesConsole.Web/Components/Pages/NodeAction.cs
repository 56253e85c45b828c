using MudBlazor;
using SharesConsole.ControlPlane.State;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.State;
using SharesConsole.Web.Auth;

namespace SharesConsole.Web.Components.Pages;

/// <summary>
/// One button on a node row: what it asks, what it runs, the role it needs (the API's for the same command), and
/// whether the user and the node allow it now.
/// </summary>
public sealed record NodeAction(string Key, string Label, string Question, string Done, Color Color, bool Enabled, string Hint, Func<Task<CommandResult>> Run)
{
    private const string NeedsOperator = "Needs the " + Roles.Operator + " role.";
    private const string NeedsAdmin = "Needs the " + Roles.Admin + " role.";

    public string Role { get; init; } = Roles.Operator;

    public static IEnumerable<NodeAction> For(
        NodeSnapshot node, ClusterState state, IClusterCommands commands, ILabControl lab, string actor, bool canOperate, bool canAdminister, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(lab);
        var name = node.Name;
        string Hint(string ok) => canOperate ? ok : NeedsOperator;
        var drained = node.Node.IsDrained;
        yield return new(
            drained ? "undrain" : "drain",
            drained ? "Undrain" : "Drain",
            drained ? $"Put {name} back into the pools for new requests, connections and flows?" : $"Drain {name}? New requests, connections and UDP flows go elsewhere; running transfers finish.",
            drained ? $"{name} undrained." : $"{name} is draining.",
            Color.Info,
            canOperate,
            Hint(drained ? "Accept new traffic again." : "No new traffic; running transfers finish."),
            () => commands.SetDrainAsync(name, !drained, actor, ct));
        var maintenance = node.Node.Intent.HasFlag(OperatorIntent.Maintenance);
        yield return new(
            "maintenance",
            maintenance ? "End maintenance" : "Maintenance",
            maintenance ? $"Take {name} out of maintenance? It rejoins the pools and placement." : $"Put {name} into maintenance? It leaves every pool and placement; its services are left alone.",
            maintenance ? $"{name} is out of maintenance." : $"{name} is in maintenance.",
            Color.Warning,
            canOperate,
            Hint(maintenance ? "Back into pools and placement." : "Out of every pool and of placement."),
            () => commands.SetMaintenanceAsync(name, !maintenance, actor, ct));
        var switchable = !node.IsActive && node.Verdict == NodeVerdict.Healthy && node.FitForActive && state.RunningOperation is null;
        yield return new(
            "switchover",
            "Switch over here",
            $"Move the active/passive services ({string.Join(", ", state.Catalog.ActivePassiveStartOrder.Select(s => s.Name))}) from {state.Topology.ActiveNode ?? "nowhere"} to {name}? They stop in reverse order on the old node first.",
            $"Switchover to {name} started.",
            Color.Primary,
            canOperate && switchable,
            !canOperate ? NeedsOperator : node.IsActive ? $"{name} is already active." : state.RunningOperation is not null ? "Another operation is running." : StorageRules.UnfitReason(name, node.Storage) ?? (node.Verdict != NodeVerdict.Healthy ? $"{name} is not healthy." : "Planned switchover to this node."),
            async () => await commands.StartSwitchoverAsync(name, actor, ct));
        if (lab.IsLab)
        {
            // Admin, as POST /api/v1/lab/nodes/{name}/crash|restore.
            yield return new("crash", "Crash", $"Crash lab node {name}? Its agent and services die without an orderly stop.", $"{name} crashed.", Color.Error, canAdminister,
                canAdminister ? "Lab only: simulate a node failure." : NeedsAdmin, () => lab.CrashAsync(name, ct)) { Role = Roles.Admin };
            yield return new("restore", "Restore", $"Restore lab node {name}?", $"{name} restored.", Color.Success, canAdminister,
                canAdminister ? "Lab only: start the crashed node again." : NeedsAdmin, () => lab.RestoreAsync(name, ct)) { Role = Roles.Admin };
        }
    }
}
