using System.Net.Http.Headers;
using System.Text;
using Hangfire;
using Microsoft.Extensions.Options;

namespace SharesConsole.Web.Webhooks;

/// <summary>
/// One delivery attempt, run by Hangfire. A failed attempt schedules the next with exponential
/// backoff (base·2^n) until <see cref="WebhookOptions.MaxAttempts"/>; every attempt is logged with its status code.
/// </summary>
public sealed partial class WebhookDeliveryJob(
    IWebhookStore store,
    IHttpClientFactory http,
    IBackgroundJobClient jobs,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDeliveryJob> logger)
{
    public const string HttpClientName = "webhooks";

    [AutomaticRetry(Attempts = 0)]
    public async Task DeliverAsync(long deliveryId, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        if (!await store.ClaimAsync(deliveryId, now, now.AddSeconds(o.TimeoutSeconds + 5), cancellationToken))
        {
            return;
        }

        var delivery = await store.FindDeliveryAsync(deliveryId, cancellationToken);
        var webhook = delivery is null ? null : await store.FindAsync(delivery.WebhookId, cancellationToken);
        if (delivery is null || webhook is null)
        {
            return;
        }

        var attempt = delivery.Attempt + 1;
        var (status, error) = await SendAsync(webhook, delivery, o, cancellationToken);
        var at = time.GetUtcNow();
        if (status is >= 200 and < 300)
        {
            await store.RecordAttemptAsync(deliveryId, attempt, status, null, at, DeliveryStatus.Delivered, null, cancellationToken);
            return;
        }

        if (attempt >= o.MaxAttempts)
        {
            await store.RecordAttemptAsync(deliveryId, attempt, status, error, at, DeliveryStatus.Failed, null, cancellationToken);
            LogGaveUp(logger, deliveryId, webhook.Name, attempt);
            return;
        }

        var delay = TimeSpan.FromSeconds(o.RetryBaseSeconds * Math.Pow(2, attempt - 1));
        await store.RecordAttemptAsync(deliveryId, attempt, status, error, at, DeliveryStatus.Pending, at + delay, cancellationToken);
        jobs.Schedule<WebhookDeliveryJob>(j => j.DeliverAsync(deliveryId, CancellationToken.None), delay);
        LogRetry(logger, deliveryId, webhook.Name, attempt, status, error, delay.TotalSeconds);
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

    [LoggerMessage(EventId = 8201, Level = LogLevel.Warning, Message = "Webhook delivery {Delivery} to '{Webhook}' attempt {Attempt} failed ({Status}, {Error}); retrying in {DelaySeconds} s.")]
    private static partial void LogRetry(ILogger logger, long delivery, string webhook, int attempt, int? status, string? error, double delaySeconds);

    [LoggerMessage(EventId = 8202, Level = LogLevel.Error, Message = "Webhook delivery {Delivery} to '{Webhook}' failed after {Attempt} attempts; giving up.")]
    private static partial void LogGaveUp(ILogger logger, long delivery, string webhook, int attempt);
}
