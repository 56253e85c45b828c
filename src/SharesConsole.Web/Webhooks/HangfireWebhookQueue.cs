using Hangfire;
using SharesConsole.ControlPlane.Events.Webhooks;

namespace SharesConsole.Web.Webhooks;

/// <summary>Delivery work as Hangfire jobs: enqueued when due now, scheduled when later.</summary>
internal sealed class HangfireWebhookQueue(IBackgroundJobClient jobs) : IWebhookDeliveryQueue
{
    public void Drain(int webhookId, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            jobs.Enqueue<WebhookDeliveryJob>(j => j.DrainAsync(webhookId, CancellationToken.None));
        }
        else
        {
            jobs.Schedule<WebhookDeliveryJob>(j => j.DrainAsync(webhookId, CancellationToken.None), delay);
        }
    }

    public void Deliver(long deliveryId, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            jobs.Enqueue<WebhookDeliveryJob>(j => j.DeliverAsync(deliveryId, CancellationToken.None));
        }
        else
        {
            jobs.Schedule<WebhookDeliveryJob>(j => j.DeliverAsync(deliveryId, CancellationToken.None), delay);
        }
    }
}
