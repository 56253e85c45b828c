using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SharesConsole.ControlPlane.Leadership;

/// <summary>
/// The hosted services only the leader runs (monitor, operations, placement, webhooks, jobs, everything with an effect),
/// started in their registration order once this instance becomes the leader and stopped in reverse with the host. A
/// follower runs none of them; an instance that loses the lease stops its process, so they never run twice.
/// </summary>
public sealed partial class LeaderOnlyServices(
    IServiceProvider services, ILeadership leadership, IReadOnlyList<Func<IServiceProvider, IHostedService>> factories, ILogger<LeaderOnlyServices> logger)
    : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<IHostedService> _started = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Task _run = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _run = RunAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await leadership.Acquired.WaitAsync(cancellationToken).ConfigureAwait(false);
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                foreach (var factory in factories)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var service = factory(services);
                    await service.StartAsync(cancellationToken).ConfigureAwait(false);
                    _started.Add(service);
                }
            }
            finally
            {
                _gate.Release();
            }

            LogStarted(logger, _started.Count, leadership.Term);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var i = _started.Count - 1; i >= 0; i--)
            {
                await _started[i].StopAsync(cancellationToken).ConfigureAwait(false);
            }

            _started.Clear();
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(EventId = 6310, Level = LogLevel.Information, Message = "Leader services started ({Count}) under term {Term}")]
    private static partial void LogStarted(ILogger logger, int count, long term);
}

public static class LeaderOnlyServiceCollectionExtensions
{
    /// <summary>
    /// Moves every hosted service registered from position <paramref name="from"/> on (what comes before it, such as the
    /// database migration, runs on every instance) behind <see cref="LeaderOnlyServices"/>, then adds the leader election's
    /// own hosted service. Call once, after everything else is registered.
    /// </summary>
    public static IServiceCollection GateHostedServicesOnLeadership(this IServiceCollection services, int from)
    {
        ArgumentNullException.ThrowIfNull(services);
        var gated = services.Skip(from).Where(d => d.ServiceType == typeof(IHostedService)).ToList();
        var factories = new List<Func<IServiceProvider, IHostedService>>();
        foreach (var descriptor in gated)
        {
            services.Remove(descriptor);
            factories.Add(descriptor switch
            {
                { ImplementationInstance: IHostedService instance } => _ => instance,
                { ImplementationFactory: { } factory } => sp => (IHostedService)factory(sp),
                { ImplementationType: { } type } => sp => (IHostedService)ActivatorUtilities.CreateInstance(sp, type),
                _ => throw new InvalidOperationException($"Cannot gate the hosted service registration {descriptor}."),
            });
        }

        services.AddHostedService(sp => new LeaderOnlyServices(sp, sp.GetRequiredService<ILeadership>(), factories, sp.GetRequiredService<ILogger<LeaderOnlyServices>>()));
        services.AddHostedService(sp => sp.GetRequiredService<LeaderElection>());
        return services;
    }
}
