using SharesConsole.Data.Stores;

namespace SharesConsole.ControlPlane.Events.Webhooks;

/// <summary>
/// Restarts deliveries whose attempt is overdue, e.g. because the process stopped after persisting them or while a
/// retry was scheduled. Event deliveries restart through their webhook's drain. The host runs it at start and on a
/// schedule (<see cref="WebhookOptions.SweepCron"/>).
/// </summary>
public sealed partial class WebhookSweep(IWebhookStore store, IWebhookDeliveryQueue queue, TimeProvider time, ILogger<WebhookSweep> logger)
{
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var webhooks = await store.DueWebhooksAsync(now, cancellationToken);
        foreach (var webhookId in webhooks)
        {
            queue.Drain(webhookId, TimeSpan.Zero);
        }

        var due = await store.DueDeliveriesAsync(now, 500, cancellationToken);
        foreach (var id in due)
        {
            queue.Deliver(id, TimeSpan.Zero);
        }

        if (webhooks.Count + due.Count > 0)
        {
            LogSwept(logger, webhooks.Count, due.Count);
        }
    }

    [LoggerMessage(EventId = 6104, Level = LogLevel.Information, Message = "Restarted overdue webhook deliveries: {Webhooks} webhook line(s), {TestSends} test send(s).")]
    private static partial void LogSwept(ILogger logger, int webhooks, int testSends);
}
