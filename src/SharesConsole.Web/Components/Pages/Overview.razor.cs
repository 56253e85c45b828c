using Microsoft.AspNetCore.Components;
using SharesConsole.Web.Live;

namespace SharesConsole.Web.Components.Pages;

/// <summary>The live picture of the cluster with its key numbers.</summary>
public sealed partial class Overview
{
    private TrafficSample? _traffic;

    [Inject]
    public required TrafficMonitor Traffic { get; init; }

    protected override void OnInitialized()
    {
        base.OnInitialized();
        _traffic = Traffic.Latest;
        Watch(Traffic.WatchAsync, sample =>
        {
            _traffic = sample;
            return true;
        });
    }
}
