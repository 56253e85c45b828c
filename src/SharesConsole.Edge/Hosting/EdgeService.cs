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
    private bool _probesOnly;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        if (!options.Value.Embedded)
        {
            // The edges run apart; this host only probes the nodes for its own view of their health.
            await health.StartAsync(cancellationToken).ConfigureAwait(false);
            _probesOnly = true;
            return;
        }

        await StartForwardingAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Probes, then the web proxy and the transfer listeners (the edge executable calls this once it has a configuration).</summary>
    public async Task StartForwardingAsync(CancellationToken cancellationToken)
    {
        await health.StartAsync(cancellationToken).ConfigureAwait(false);
        pools.Rebuild();
        // Transfers first: a listening web port is the edge's "ready" (bench/edge.sh waits on it), and the kernel path
        // has no socket of its own to wait on.
        await transfer.StartAsync(cancellationToken).ConfigureAwait(false);
        await web.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_probesOnly)
        {
            await health.DisposeAsync().ConfigureAwait(false);
            return;
        }

        await transfer.DisposeAsync().ConfigureAwait(false);
        await web.StopAsync(cancellationToken).ConfigureAwait(false);
        await web.DisposeAsync().ConfigureAwait(false);
        await health.DisposeAsync().ConfigureAwait(false);
    }
}
