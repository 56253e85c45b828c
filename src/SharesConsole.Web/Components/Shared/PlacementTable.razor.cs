using Microsoft.AspNetCore.Components;
using MudBlazor;
using SharesConsole.Core.Catalog;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Placement;

namespace SharesConsole.Web.Components.Shared;

/// <summary>The placement table of the Shares HA guide: Service | Type | Location | one column per node.</summary>
public sealed partial class PlacementTable
{
    [Parameter, EditorRequired]
    public required ServiceCatalog Catalog { get; set; }

    [Parameter, EditorRequired]
    public required ClusterTopology Topology { get; set; }

    /// <summary>Verdict per node; nodes missing here count as healthy.</summary>
    [Parameter]
    public IReadOnlyDictionary<string, NodeVerdict>? Verdicts { get; set; }

    private PlacementPlan Plan { get; set; } = null!;

    protected override void OnParametersSet()
    {
        var nodes = Topology.Nodes
            .Select(n => new NodeCondition(n.Name, Verdicts?.GetValueOrDefault(n.Name, NodeVerdict.Healthy) ?? NodeVerdict.Healthy))
            .ToList();
        Plan = PlacementPlanner.Compute(Catalog, nodes, Topology.ActiveNode);
    }

    private static Color ColorOf(DesiredState state) => state switch
    {
        DesiredState.Running => Color.Success,
        DesiredState.Stopped => Color.Default,
        _ => Color.Warning,
    };

    private static string LabelOf(DesiredState state) => state switch
    {
        DesiredState.Running => "running",
        DesiredState.Stopped => "stopped",
        _ => "unmanaged",
    };
}
