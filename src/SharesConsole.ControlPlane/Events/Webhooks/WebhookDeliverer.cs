using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using SharesConsole.Data.Stores;

namespace SharesConsole.ControlPlane.Events.Webhooks;

/// <summary>
/// Makes deliveries, run by the host's <see cref="IWebhookDeliveryQueue"/>. The event deliveries of one webhook go one
/// at a time in event order: one is attempted only when every earlier one is delivered or given up, so a receiver sees
/// events in the order they happened. A failed attempt schedules the next with exponential backoff
/// (<see cref="WebhookRetry"/>); every attempt is logged with its status code. Test sends are not in that line and go
/// on their own.
/// </summary>
public sealed partial class WebhookDeliverer(
    IWebhookStore store,
    IHttpClientFactory http,
    IWebhookDeliveryQueue queue,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDeliverer> logger)
{
    public const string HttpClientName = "webhooks";

    /// <summary>How long one drain runs before it hands over to a fresh one, so a long backlog leaves workers to others.</summary>
    private static readonly TimeSpan DrainSlice = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Makes the webhook's pending event deliveries in order until none is left, one fails (its retry is scheduled), or
    /// another run holds the oldest. Any number of drains of one webhook may run: only one gets each delivery.
    /// </summary>
    public async Task DrainAsync(int webhookId, CancellationToken cancellationToken)
    {
        var webhook = await store.FindAsync(webhookId, cancellationToken);
        if (webhook is null)
        {
            return;
        }

        var started = time.GetTimestamp();
        while (await store.NextInLineAsync(webhookId, cancellationToken) is { } next)
        {
            if (time.GetElapsedTime(started) >= DrainSlice)
            {
                queue.Drain(webhookId, TimeSpan.Zero);
                return;
            }

            if (!await AttemptAsync(webhook, next, cancellationToken))
            {
                return;
            }
        }
    }

    /// <summary>One delivery; an event delivery is made by its webhook's drain, so it keeps its place in line.</summary>
    public async Task DeliverAsync(long deliveryId, CancellationToken cancellationToken)
    {
        var delivery = await store.FindDeliveryAsync(deliveryId, cancellationToken);
        if (delivery?.ClusterEventId is not null)
        {
            await DrainAsync(delivery.WebhookId, cancellationToken);
            return;
        }

        var webhook = delivery is null ? null : await store.FindAsync(delivery.WebhookId, cancellationToken);
        if (delivery is not null && webhook is not null)
        {
            await AttemptAsync(webhook, delivery, cancellationToken);
        }
    }

    /// <summary>Claims, sends and records one attempt; true when the delivery is settled (delivered or given up).</summary>
    private async Task<bool> AttemptAsync(WebhookRecord webhook, DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        if (!await store.ClaimAsync(delivery.Id, delivery.Attempt, now, now.AddSeconds(o.TimeoutSeconds + 5), cancellationToken))
        {
            return false;
        }

        var attempt = delivery.Attempt + 1;
        var (status, error) = await SendAsync(webhook, delivery, o, cancellationToken);
        var at = time.GetUtcNow();
        if (status is >= 200 and < 300)
        {
            await store.RecordAttemptAsync(delivery.Id, attempt, status, null, at, DeliveryStatus.Delivered, null, cancellationToken);
            return true;
        }

        if (WebhookRetry.After(attempt, delivery.CreatedAt, at, o) is not { } delay)
        {
            await store.RecordAttemptAsync(delivery.Id, attempt, status, error, at, DeliveryStatus.Failed, null, cancellationToken);
            LogGaveUp(logger, delivery.Id, webhook.Name, attempt, (at - delivery.CreatedAt).TotalMinutes);
            return true;
        }

        await store.RecordAttemptAsync(delivery.Id, attempt, status, error, at, DeliveryStatus.Pending, at + delay, cancellationToken);
        if (delivery.ClusterEventId is null)
        {
            queue.Deliver(delivery.Id, delay);
        }
        else
        {
            queue.Drain(webhook.Id, delay);
        }

        LogRetry(logger, delivery.Id, webhook.Name, attempt, status, error, delay.TotalSeconds);
        return false;
    }

    private async Task<(int? Status, string? Error)> SendAsync(WebhookRecord webhook, DeliveryRecord delivery, WebhookOptions o, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.TryAddWithoutValidation(WebhookSignature.Header, WebhookSignature.Create(webhook.Secret, time.GetUtcNow().ToUnixTimeSeconds(), delivery.Payload));
        request.Headers.TryAddWithoutValidation("X-SharesConsole-Delivery", delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("X-SharesConsole-Event", delivery.Kind);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(o.TimeoutSeconds));
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return ((int)response.StatusCode, response.IsSuccessStatusCode ? null : $"The receiver answered {(int)response.StatusCode}.");
        }
        catch (HttpRequestException ex)
        {
            return (null, ex.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"No answer within {o.TimeoutSeconds} s.");
        }
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Webhook delivery {Delivery} to '{Webhook}' attempt {Attempt} failed ({Status}, {Error}); retrying in {DelaySeconds} s.")]
    private static partial void LogRetry(ILogger logger, long delivery, string webhook, int attempt, int? status, string? error, double delaySeconds);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Error, Message = "Webhook delivery {Delivery} to '{Webhook}' failed after {Attempt} attempt(s), {AgeMinutes:F0} min after it was created; giving up.")]
    private static partial void LogGaveUp(ILogger logger, long delivery, string webhook, int attempt, double ageMinutes);
}
