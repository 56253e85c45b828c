using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SharesConsole.Agent.Hosting;

/// <summary>Runs the configured <see cref="NodeAgent"/> for the executable.</summary>
internal sealed class AgentHostedService(IOptions<Configuration.AgentOptions> options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    : IHostedService, IAsyncDisposable
{
    private NodeAgent? _agent;
    private System.Diagnostics.Process? _watchdog;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _agent = new NodeAgent(options.Value, loggerFactory, timeProvider);
        await _agent.StartAsync(cancellationToken).ConfigureAwait(false);

        // The watchdog outlives a hung or killed agent on purpose; it exits by itself once nothing is left to fence.
        if (options.Value is { Watchdog: true, SelfFencing: true })
        {
            _watchdog = Fencing.WatchdogProcess.Start(options.Value);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => _agent?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _watchdog?.Dispose();
        return _agent?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
