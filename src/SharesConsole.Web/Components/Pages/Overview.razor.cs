using Microsoft.AspNetCore.Components;
using SharesConsole.Web.Live;

namespace SharesConsole.Web.Components.Pages;

/// <summary>The live picture of the cluster with its key numbers.</summary>
public sealed partial class Overview
{
    private TrafficSample? _traffic;

    [Inject]
    public required TrafficMonitor Traffic { get; init; }

    /// <summary>The embedded edge's transfer path, when this host runs one (several, or none, when the edges run apart).</summary>
    [Inject]
    public required IEnumerable<SharesConsole.Edge.Transfer.Kernel.ITransferPathInfo> TransferPaths { get; init; }

    private string? TransferPath => TransferPaths.FirstOrDefault()?.Active switch
    {
        SharesConsole.Edge.Configuration.TransferPath.Kernel => "in the kernel (nftables)",
        SharesConsole.Edge.Configuration.TransferPath.Relay => "userspace relay",
        _ => null,
    };

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
