using Microsoft.AspNetCore.SignalR;
using SharesConsole.Core.State;

namespace SharesConsole.Web.Hubs;

/// <summary>Pushes every new cluster state summary and every recorded event to all <see cref="ClusterHub"/> clients.</summary>
public sealed partial class ClusterHubPublisher(
    IHubContext<ClusterHub> hub,
    IClusterStateSource state,
    IClusterEventFeed events,
    ILogger<ClusterHubPublisher> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(PushStatesAsync(stoppingToken), PushEventsAsync(stoppingToken));

    private async Task PushStatesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var snapshot in state.WatchAsync(cancellationToken))
            {
                await SendAsync(ClusterHub.StateMethod, ClusterSummary.From(snapshot), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }

    private async Task PushEventsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in events.WatchAsync(cancellationToken))
            {
                await SendAsync(ClusterHub.EventMethod, e, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }

    private async Task SendAsync(string method, object payload, CancellationToken cancellationToken)
    {
        try
        {
            await hub.Clients.All.SendAsync(method, payload, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One failed push must not stop the stream for everyone else.
            LogPushFailed(logger, method, ex);
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Pushing '{Method}' to cluster hub clients failed")]
    private static partial void LogPushFailed(ILogger logger, string method, Exception exception);
}
