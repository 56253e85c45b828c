using Hangfire;

namespace SharesConsole.Web.Webhooks;

/// <summary>
/// Recurring job (and once at start): enqueues pending deliveries whose attempt is overdue,
/// e.g. because the process stopped after persisting them or while a retry was scheduled.
/// </summary>
public sealed partial class WebhookSweeper(IWebhookStore store, IBackgroundJobClient jobs, TimeProvider time, ILogger<WebhookSweeper> logger)
{
    public const string RecurringJobId = "webhooks-sweep";

    [AutomaticRetry(Attempts = 0)]
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var due = await store.DueDeliveriesAsync(time.GetUtcNow(), 500, cancellationToken);
        foreach (var id in due)
        {
            jobs.Enqueue<WebhookDeliveryJob>(j => j.DeliverAsync(id, CancellationToken.None));
        }

        if (due.Count > 0)
        {
            LogSwept(logger, due.Count);
        }
    }

    [LoggerMessage(EventId = 8204, Level = LogLevel.Information, Message = "Re-enqueued {Count} overdue webhook deliveries.")]
    private static partial void LogSwept(ILogger logger, int count);
}
