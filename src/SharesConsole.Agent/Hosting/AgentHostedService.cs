using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SharesConsole.Agent.Hosting;

/// <summary>Runs the configured <see cref="NodeAgent"/> for the executable.</summary>
internal sealed class AgentHostedService(IOptions<Configuration.AgentOptions> options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    : IHostedService, IAsyncDisposable
{
    private NodeAgent? _agent;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _agent = new NodeAgent(options.Value, loggerFactory, timeProvider);
        return _agent.StartAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => _agent?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => _agent?.DisposeAsync() ?? ValueTask.CompletedTask;
}
