using Hangfire;
using SharesConsole.Core.State;

namespace SharesConsole.Web.Webhooks;

/// <summary>
/// Turns events into deliveries: each matching subscription gets a delivery that is persisted
/// first and then enqueued, so a restart between the two loses nothing (the sweeper finds it).
/// </summary>
public sealed partial class WebhookDispatcher(
    IClusterEventFeed feed,
    IWebhookStore store,
    IBackgroundJobClient jobs,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var e in feed.WatchAsync(stoppingToken))
            {
                try
                {
                    await DispatchAsync(e, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogDispatchFailed(logger, ex, e.Kind, e.Id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>Creates and enqueues one delivery per enabled subscription that wants this kind.</summary>
    public async Task<int> DispatchAsync(ClusterEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        var eventId = WebhookPayload.NewEventId();
        var payload = WebhookPayload.From(e, eventId).ToJson();
        var count = 0;
        foreach (var webhook in await store.ListAsync(cancellationToken))
        {
            if (webhook.Enabled && WebhookKinds.Matches(webhook.EventKinds, e.Kind))
            {
                await EnqueueAsync(webhook.Id, eventId, e.Kind, payload, cancellationToken);
                count++;
            }
        }

        return count;
    }

    /// <summary>Persists a delivery, then hands it to Hangfire. <paramref name="eventId"/> is the webhook event id (the payload's id).</summary>
    public async Task<long> EnqueueAsync(int webhookId, long eventId, string kind, string payload, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var id = await store.AddDeliveryAsync(new DeliveryRecord
        {
            WebhookId = webhookId,
            EventId = eventId,
            Kind = kind,
            Payload = payload,
            At = now,
            NextAttemptAt = now,
        }, cancellationToken);
        jobs.Enqueue<WebhookDeliveryJob>(j => j.DeliverAsync(id, CancellationToken.None));
        return id;
    }

    [LoggerMessage(EventId = 8203, Level = LogLevel.Error, Message = "Could not create webhook deliveries for event {Kind} #{EventId}.")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception, string kind, long eventId);
}
