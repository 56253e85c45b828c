using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SharesConsole.Edge.Configuration;
using SharesConsole.Edge.Health;
using SharesConsole.Edge.Pools;
using SharesConsole.Edge.Transfer.Kernel;
using SharesConsole.Edge.Web;

namespace SharesConsole.Edge.Hosting;

/// <summary>Starts probes, the web proxy and the transfer path (kernel or relay) with the host and stops them in reverse.</summary>
public sealed class EdgeService(
    IOptions<EdgeOptions> options,
    NodeHealthMonitor health,
    EdgePools pools,
    WebProxyServer web,
    TransferPaths transfer) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        await health.StartAsync(cancellationToken).ConfigureAwait(false);
        pools.Rebuild();
        // Transfers first: a listening web port is the edge's "ready" (bench/edge.sh waits on it), and the kernel path
        // has no socket of its own to wait on.
        await transfer.StartAsync(cancellationToken).ConfigureAwait(false);
        await web.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await transfer.DisposeAsync().ConfigureAwait(false);
        await web.StopAsync(cancellationToken).ConfigureAwait(false);
        await web.DisposeAsync().ConfigureAwait(false);
        await health.DisposeAsync().ConfigureAwait(false);
    }
}
