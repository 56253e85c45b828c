using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SharesConsole.Agent.Configuration;
using SharesConsole.Agent.Lab;
using SharesConsole.Core.Catalog;
using SharesConsole.Core.Lab;

namespace SharesConsole.Agent.Hosting;

/// <summary>Runs the configured <see cref="NodeAgent"/> for the executable (a lab node when <c>Agent:Lab</c> is set).</summary>
internal sealed class AgentHostedService(IOptions<AgentOptions> options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    : IHostedService, IAsyncDisposable
{
    private NodeAgent? _agent;
    private System.Diagnostics.Process? _watchdog;
    private ProcessWatchdog? _labWatchdog;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value;
        var effective = configured.Lab && configured.Services.Count == 0 ? configured with { Services = LabAgentOptions.Services() } : configured;
        if (effective.LabWatchdog is { } timeout)
        {
            _labWatchdog = new ProcessWatchdog(effective.StateDirectory, timeout);
        }

        _agent = new NodeAgent(effective, loggerFactory, timeProvider, effective.Lab ? LabDefaults.Catalog : ServiceCatalog.Default);
        await _agent.StartAsync(cancellationToken).ConfigureAwait(false);

        // The watchdog outlives a hung or killed agent on purpose; it exits by itself once nothing is left to fence.
        if (effective is { Watchdog: true, SelfFencing: true })
        {
            _watchdog = Fencing.WatchdogProcess.Start(effective);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_agent is { } agent)
        {
            await agent.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        _labWatchdog?.Dispose();
        _labWatchdog = null;
    }

    public async ValueTask DisposeAsync()
    {
        _watchdog?.Dispose();
        if (_agent is { } agent)
        {
            await agent.DisposeAsync().ConfigureAwait(false);
        }

        _labWatchdog?.Dispose();
    }
}
