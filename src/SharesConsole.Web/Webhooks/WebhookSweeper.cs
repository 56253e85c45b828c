using Hangfire;
using SharesConsole.Data.Stores;

namespace SharesConsole.Web.Webhooks;

/// <summary>
/// Recurring job (and once at start): restarts deliveries whose attempt is overdue, e.g. because the process stopped
/// after persisting them or while a retry was scheduled. Event deliveries restart through their webhook's drain.
/// </summary>
public sealed partial class WebhookSweeper(IWebhookStore store, IBackgroundJobClient jobs, TimeProvider time, ILogger<WebhookSweeper> logger)
{
    public const string RecurringJobId = "webhooks-sweep";

    [AutomaticRetry(Attempts = 0)]
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var webhooks = await store.DueWebhooksAsync(now, cancellationToken);
        foreach (var webhookId in webhooks)
        {
            jobs.Enqueue<WebhookDeliveryJob>(j => j.DrainAsync(webhookId, CancellationToken.None));
        }

        var due = await store.DueDeliveriesAsync(now, 500, cancellationToken);
        foreach (var id in due)
        {
            jobs.Enqueue<WebhookDeliveryJob>(j => j.DeliverAsync(id, CancellationToken.None));
        }

        if (webhooks.Count + due.Count > 0)
        {
            LogSwept(logger, webhooks.Count, due.Count);
        }
    }

    [LoggerMessage(EventId = 8204, Level = LogLevel.Information, Message = "Restarted overdue webhook deliveries: {Webhooks} webhook line(s), {TestSends} test send(s).")]
    private static partial void LogSwept(ILogger logger, int webhooks, int testSends);
}
