using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using SharesConsole.Data.Stores;

namespace SharesConsole.ControlPlane.Events.Webhooks;

/// <summary>
/// Makes deliveries, run by the host's <see cref="IWebhookDeliveryQueue"/>. The event deliveries of one webhook go one
/// at a time in event order: one is attempted only when every earlier one is delivered or given up, so a receiver sees
/// events in the order they happened. A failed attempt schedules the next with exponential backoff
/// (<see cref="WebhookRetry"/>); every failed attempt is logged with its status code and what went wrong. Test sends
/// are not in that line and go on their own. Each attempt resolves the host once, checks the address against
/// <see cref="WebhookTargetPolicy"/> and connects to that address only (<see cref="WebhookTarget"/>); the delivery log
/// that API callers read says only that the address is not allowed or the receiver was not reached, so a webhook cannot
/// be used to scan ports: the detail goes to the log.
/// </summary>
public sealed partial class WebhookDeliverer(
    IWebhookStore store,
    IHttpClientFactory http,
    WebhookTargetPolicy policy,
    IWebhookAddressResolver resolver,
    IWebhookDeliveryQueue queue,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDeliverer> logger)
{
    public const string HttpClientName = "webhooks";

    public const string NotAllowedError =
        "The webhook's address is not allowed: loopback, link-local, private and metadata networks are refused unless Webhooks:AllowedNetworks or Webhooks:AllowedHosts lists them.";

    public const string SecretUnreadableError =
        "The webhook's secret cannot be decrypted (the Data Protection keys it was encrypted with are gone); delete the webhook and create it again.";

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
        var (status, error, detail) = await SendAsync(webhook, delivery, o, cancellationToken);
        var at = time.GetUtcNow();
        if (status is >= 200 and < 300)
        {
            await store.RecordAttemptAsync(delivery.Id, attempt, status, null, at, DeliveryStatus.Delivered, null, cancellationToken);
            return true;
        }

        if (WebhookRetry.After(attempt, delivery.CreatedAt, at, o) is not { } delay)
        {
            await store.RecordAttemptAsync(delivery.Id, attempt, status, error, at, DeliveryStatus.Failed, null, cancellationToken);
            LogGaveUp(logger, delivery.Id, webhook.Name, attempt, status, detail ?? error, (at - delivery.CreatedAt).TotalMinutes);
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

        LogRetry(logger, delivery.Id, webhook.Name, attempt, status, detail ?? error, delay.TotalSeconds);
        return false;
    }

    /// <summary>The receiver's status, or null; the error API callers see; the detail only the log gets.</summary>
    private async Task<(int? Status, string? Error, string? Detail)> SendAsync(WebhookRecord webhook, DeliveryRecord delivery, WebhookOptions o, CancellationToken cancellationToken)
    {
        if (webhook.Secret.Length == 0)
        {
            // Never send unsigned: a receiver that checks nothing would take it.
            return (null, SecretUnreadableError, "the secret cannot be decrypted with this host's Data Protection keys");
        }

        var unreachable = $"The receiver could not be reached or did not answer within {o.TimeoutSeconds} s.";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(o.TimeoutSeconds));
        try
        {
            var url = new Uri(webhook.Url, UriKind.Absolute);
            var (address, refusal) = await PinAsync(url, timeout.Token);
            if (address is null)
            {
                return (null, NotAllowedError, refusal);
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(delivery.Payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
            };
            request.Options.Set(WebhookTarget.PinnedAddress, address);
            request.Headers.TryAddWithoutValidation(WebhookSignature.Header, WebhookSignature.Create(webhook.Secret, time.GetUtcNow().ToUnixTimeSeconds(), delivery.Payload));
            request.Headers.TryAddWithoutValidation("X-SharesConsole-Delivery", delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation("X-SharesConsole-Event", delivery.Kind);
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return ((int)response.StatusCode, response.IsSuccessStatusCode ? null : $"The receiver answered {(int)response.StatusCode}.", null);
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or UriFormatException)
        {
            return (null, unreachable, $"{Stage(ex)}: {ex.Message}{(ex.InnerException is null ? "" : " " + ex.InnerException.Message)}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, unreachable, $"no answer within {o.TimeoutSeconds} s");
        }

        static string Stage(Exception ex) => ex is SocketException ? "resolving the host failed" : "the request failed";
    }

    /// <summary>The address to connect to: the URL's, or the host's first that the policy permits, resolved once; or why none.</summary>
    private async Task<(IPAddress? Address, string? Refusal)> PinAsync(Uri url, CancellationToken cancellationToken)
    {
        var host = url.HostNameType == UriHostNameType.IPv6 ? url.Host.Trim('[', ']') : url.IdnHost;
        IPAddress[] candidates = url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await resolver.ResolveAsync(host, cancellationToken);
        var permitted = candidates.FirstOrDefault(a => policy.Permits(host, a));
        return permitted is not null
            ? (permitted, null)
            : (null, candidates.Length == 0 ? $"{host} resolved to no address" : $"{host} is {string.Join(", ", candidates.Take(4).Select(a => a.ToString()))}, not allowed");
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Webhook delivery {Delivery} to '{Webhook}' attempt {Attempt} failed ({Status}, {Error}); retrying in {DelaySeconds} s.")]
    private static partial void LogRetry(ILogger logger, long delivery, string webhook, int attempt, int? status, string? error, double delaySeconds);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Error, Message = "Webhook delivery {Delivery} to '{Webhook}' failed after {Attempt} attempt(s) ({Status}, {Error}), {AgeMinutes:F0} min after it was created; giving up.")]
    private static partial void LogGaveUp(ILogger logger, long delivery, string webhook, int attempt, int? status, string? error, double ageMinutes);
}
