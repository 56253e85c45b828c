using Microsoft.AspNetCore.Components;
using SharesConsole.Core.Catalog;
using SharesConsole.Core.Placement;
using SharesConsole.Core.State;

namespace SharesConsole.Web.Components.Shared;

/// <summary>
/// The placement table of the Shares HA guide: Service | Type | Location | one column per node, each cell
/// the observed state (coloured) and the desired state.
/// </summary>
public sealed partial class PlacementTable
{
    [Parameter, EditorRequired]
    public required ClusterState State { get; set; }

    [Parameter]
    public EventCallback<ServiceDefinition> OnSelect { get; set; }

    private DesiredState Desired(string service, string node) =>
        State.Placement.Entries.FirstOrDefault(e => e.Service == service && string.Equals(e.Node, node, StringComparison.OrdinalIgnoreCase))?.Desired
        ?? DesiredState.Unmanaged;

    private static bool Matches(DesiredState desired, ObservedState observed) => desired switch
    {
        DesiredState.Running => observed == ObservedState.Running,
        DesiredState.Stopped => observed is ObservedState.Stopped or ObservedState.Unknown,
        _ => true,
    };

    private static string LabelOf(DesiredState state) => state switch
    {
        DesiredState.Running => "running",
        DesiredState.Stopped => "stopped",
        _ => "unmanaged",
    };
}
