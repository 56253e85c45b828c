namespace SharesConsole.ControlPlane.Events.Webhooks;

/// <summary>
/// Where delivery work runs: the host's job queue (Hangfire in the console). Every delivery is persisted before it is
/// handed over, so a queue may lose work in a crash: <see cref="WebhookSweep"/> finds it again.
/// </summary>
public interface IWebhookDeliveryQueue
{
    /// <summary>Runs <see cref="WebhookDeliverer.DrainAsync"/> for the webhook after <paramref name="delay"/> (zero: now).</summary>
    void Drain(int webhookId, TimeSpan delay);

    /// <summary>Runs <see cref="WebhookDeliverer.DeliverAsync"/> for one delivery after <paramref name="delay"/> (zero: now).</summary>
    void Deliver(long deliveryId, TimeSpan delay);
}
