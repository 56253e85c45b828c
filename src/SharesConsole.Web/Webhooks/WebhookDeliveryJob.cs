using Hangfire;
using SharesConsole.ControlPlane.Events.Webhooks;

namespace SharesConsole.Web.Webhooks;

/// <summary>
/// The Hangfire job that runs the control plane's <see cref="WebhookDeliverer"/>. Its type and method names are in the
/// job storage (retries scheduled hours ahead), so they stay as they are.
/// </summary>
public sealed class WebhookDeliveryJob(WebhookDeliverer deliverer)
{
    [AutomaticRetry(Attempts = 0)]
    public Task DrainAsync(int webhookId, CancellationToken cancellationToken) => deliverer.DrainAsync(webhookId, cancellationToken);

    [AutomaticRetry(Attempts = 0)]
    public Task DeliverAsync(long deliveryId, CancellationToken cancellationToken) => deliverer.DeliverAsync(deliveryId, cancellationToken);
}
