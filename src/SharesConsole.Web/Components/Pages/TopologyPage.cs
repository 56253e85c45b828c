using Microsoft.AspNetCore.Components;
using SharesConsole.Core.Cluster;

namespace SharesConsole.Web.Components.Pages;

/// <summary>Base for pages that show the live topology and re-render when it changes.</summary>
public abstract class TopologyPage : ComponentBase, IDisposable
{
    [Inject]
    public required IClusterTopologySource TopologySource { get; init; }

    protected ClusterTopology Topology { get; private set; } = null!;

    protected override void OnInitialized()
    {
        Topology = TopologySource.Current;
        TopologySource.Changed += OnChanged;
    }

    public void Dispose()
    {
        TopologySource.Changed -= OnChanged;
        GC.SuppressFinalize(this);
    }

    private void OnChanged(object? sender, ClusterTopology topology) =>
        _ = InvokeAsync(() =>
        {
            Topology = topology;
            StateHasChanged();
        });
}
