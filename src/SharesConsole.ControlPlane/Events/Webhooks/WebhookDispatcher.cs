using System.Threading.Channels;
using Microsoft.Extensions.Options;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;

namespace SharesConsole.ControlPlane.Events.Webhooks;

/// <summary>
/// Turns the audit log into deliveries: reads the events after its cursor from the database, oldest first, a page at
/// a time, and persists each page's deliveries together with the cursor past the page (one transaction), then hands
/// the webhooks concerned to the host's <see cref="IWebhookDeliveryQueue"/>. The live feed only wakes it up; it also
/// polls, so an event that was stored but never published (a crash in between, a burst the feed dropped) is delivered
/// all the same.
/// </summary>
public sealed partial class WebhookDispatcher(
    IClusterEventFeed feed,
    EventStore events,
    IWebhookStore store,
    IWebhookDeliveryQueue queue,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const int PageSize = 500;

    /// <summary>How long a hole in the event ids may stay open before it counts as a rolled-back insert (see <see cref="EventGaps"/>).</summary>
    public static readonly TimeSpan GapGrace = TimeSpan.FromSeconds(10);

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly EventGaps _gaps = new(time, GapGrace);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listening = ListenAsync(stoppingToken);
        try
        {
            while (true)
            {
                try
                {
                    while (await DispatchPageAsync(stoppingToken))
                    {
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogDispatchFailed(logger, ex);
                }

                await WaitAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }

        await listening;
    }

    /// <summary>Turns the next page of events after the cursor into deliveries; true when there may be more to do at once.</summary>
    private async Task<bool> DispatchPageAsync(CancellationToken cancellationToken)
    {
        var cursor = await store.GetCursorAsync(cancellationToken);
        var page = await events.QueryAsync(new EventQuery { AfterId = cursor, Limit = PageSize }, cancellationToken);
        var ready = _gaps.Ready(cursor, [.. page.Items.Select(e => e.Id)]);
        if (ready < page.Items.Count)
        {
            LogWaitingForGap(logger, page.Items[ready].Id);
        }

        if (ready == 0)
        {
            return false;
        }

        var batch = page.Items.Take(ready).ToList();
        var webhooks = (await store.ListAsync(cancellationToken)).Where(w => w.Enabled).ToList();
        var deliveries = Deliveries(batch, webhooks, time.GetUtcNow());
        if (!await store.AdvanceAsync(cursor, batch[^1].Id, deliveries, cancellationToken))
        {
            // Another control plane on this database took the page; read on from where it left the cursor.
            return true;
        }

        foreach (var webhookId in deliveries.Select(d => d.WebhookId).Distinct())
        {
            queue.Drain(webhookId, TimeSpan.Zero);
        }

        return ready == PageSize;
    }

    /// <summary>Persists a delivery outside the event line (a test send), then hands it to the queue. <paramref name="eventId"/> is the payload's id.</summary>
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
            CreatedAt = now,
            NextAttemptAt = now,
        }, cancellationToken);
        queue.Deliver(id, TimeSpan.Zero);
        return id;
    }

    /// <summary>One delivery per event and enabled webhook that wants its kind, in event order.</summary>
    private static List<DeliveryRecord> Deliveries(IReadOnlyList<ClusterEvent> batch, IReadOnlyList<WebhookRecord> webhooks, DateTimeOffset now)
    {
        var deliveries = new List<DeliveryRecord>();
        foreach (var e in batch)
        {
            var payloadId = 0L;
            var payload = "";
            foreach (var webhook in webhooks.Where(w => WebhookKinds.Matches(w.EventKinds, e.Kind)))
            {
                if (payloadId == 0)
                {
                    payloadId = WebhookPayload.NewEventId();
                    payload = WebhookPayload.From(e, payloadId).ToJson();
                }

                deliveries.Add(new DeliveryRecord
                {
                    WebhookId = webhook.Id,
                    EventId = payloadId,
                    ClusterEventId = e.Id,
                    Kind = e.Kind,
                    Payload = payload,
                    At = now,
                    CreatedAt = now,
                    NextAttemptAt = now,
                });
            }
        }

        return deliveries;
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var _ in feed.WatchAsync(stoppingToken))
            {
                _wake.Writer.TryWrite(true);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>Until an event is published or the poll interval has passed.</summary>
    private async Task WaitAsync(CancellationToken stoppingToken)
    {
        using var poll = new CancellationTokenSource(TimeSpan.FromMilliseconds(options.Value.PollIntervalMs), time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, poll.Token);
        try
        {
            await _wake.Reader.ReadAsync(either.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // Poll interval over.
        }
    }

    [LoggerMessage(EventId = 6103, Level = LogLevel.Error, Message = "Could not turn events into webhook deliveries; retrying.")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Information, Message = "Webhook event #{Next} waits until the event ids before it are committed or known rolled back.")]
    private static partial void LogWaitingForGap(ILogger logger, long next);
}
