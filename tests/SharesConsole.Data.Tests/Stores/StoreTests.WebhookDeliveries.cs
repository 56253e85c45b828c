using SharesConsole.Core.State;
using SharesConsole.Data.Entities;
using SharesConsole.Data.Stores;

namespace SharesConsole.Data.Tests.Stores;

public abstract partial class StoreTests
{
    private long _nextPayloadId = 1;

    /// <summary>A pending test send (no audit-log event), due now.</summary>
    private DeliveryRecord TestSend(int webhookId) => new()
    {
        WebhookId = webhookId,
        EventId = _nextPayloadId++,
        Kind = "webhook.test",
        Payload = "{\"test\":true}",
        At = Db.Time.GetUtcNow(),
        CreatedAt = Db.Time.GetUtcNow(),
        NextAttemptAt = Db.Time.GetUtcNow(),
    };

    /// <summary>A pending delivery of audit-log event <paramref name="clusterEventId"/>, due now.</summary>
    private DeliveryRecord EventDelivery(int webhookId, long clusterEventId) => TestSend(webhookId) with
    {
        ClusterEventId = clusterEventId,
        Kind = EventKinds.NodeDown,
        Payload = $"{{\"event\":{clusterEventId}}}",
    };

    private async Task<int> WebhookIdAsync(string name) => (await Webhooks.AddAsync(Webhook(name), CancellationToken.None)).Id;

    [Fact]
    public async Task AddDeliveryAsync_ThenFind_RoundTripsEveryField()
    {
        var hook = await WebhookIdAsync("pager");
        var delivery = EventDelivery(hook, 7);

        var id = await Webhooks.AddDeliveryAsync(delivery, CancellationToken.None);

        Assert.Equal(delivery with { Id = id }, await Webhooks.FindDeliveryAsync(id, CancellationToken.None));
        Assert.Null(await Webhooks.FindDeliveryAsync(id + 1000, CancellationToken.None));
    }

    [Fact]
    public async Task AddDeliveryAsync_SecondOfOneEventToOneWebhook_ThrowsConflict()
    {
        var hook = await WebhookIdAsync("pager");
        await Webhooks.AddDeliveryAsync(EventDelivery(hook, 7), CancellationToken.None);
        await Webhooks.AddDeliveryAsync(TestSend(hook), CancellationToken.None);
        await Webhooks.AddDeliveryAsync(TestSend(hook), CancellationToken.None);

        await Assert.ThrowsAsync<StoreConflictException>(() => Webhooks.AddDeliveryAsync(EventDelivery(hook, 7), CancellationToken.None));

        Assert.Equal(3, (await Webhooks.ListDeliveriesAsync(hook, 10, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task FindDeliveryAsync_RowFromBeforeTheStatusColumn_DerivesStatusFromSucceeded()
    {
        var hook = await WebhookIdAsync("pager");
        long delivered, pending;
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            var old = new WebhookDeliveryEntity { WebhookId = hook, EventId = 1, Status = "", Succeeded = true, At = Db.Time.GetUtcNow(), CreatedAt = Db.Time.GetUtcNow() };
            var failed = new WebhookDeliveryEntity { WebhookId = hook, EventId = 2, Status = "", Succeeded = false, At = Db.Time.GetUtcNow(), CreatedAt = Db.Time.GetUtcNow() };
            db.WebhookDeliveries.AddRange(old, failed);
            await db.SaveChangesAsync();
            (delivered, pending) = (old.Id, failed.Id);
        }

        var first = await Webhooks.FindDeliveryAsync(delivered, CancellationToken.None);
        var second = await Webhooks.FindDeliveryAsync(pending, CancellationToken.None);

        Assert.Equal((DeliveryStatus.Delivered, "", ""), (first!.Status, first.Kind, first.Payload));
        Assert.Equal(DeliveryStatus.Pending, second!.Status);
    }

    [Fact]
    public async Task WebhookAdvanceAsync_FromTheCursor_PersistsDeliveriesOnceAndMovesTheCursor()
    {
        var events = await AppendEventsAsync(3);
        var hook = await WebhookIdAsync("pager");
        var start = await Webhooks.GetCursorAsync(CancellationToken.None);
        var batch = events.Select(e => EventDelivery(hook, e.Id)).ToList();

        Assert.True(await Webhooks.AdvanceAsync(start, events[^1].Id, batch, CancellationToken.None));
        Assert.False(await Webhooks.AdvanceAsync(start, events[^1].Id, batch, CancellationToken.None));

        Assert.Equal(events[^1].Id, await Webhooks.GetCursorAsync(CancellationToken.None));
        var stored = await Webhooks.ListDeliveriesAsync(hook, 10, CancellationToken.None);
        Assert.Equal(events.Select(e => (long?)e.Id).Reverse(), stored.Select(d => d.ClusterEventId));
        Assert.All(stored, d => Assert.Equal((DeliveryStatus.Pending, 0), (d.Status, d.Attempt)));
    }

    [Fact]
    public async Task NextInLineAsync_PendingEventDeliveries_OldestEventFirstIgnoringTestSendsAndOtherWebhooks()
    {
        var hook = await WebhookIdAsync("pager");
        var other = await WebhookIdAsync("chat");
        var done = await Webhooks.AddDeliveryAsync(EventDelivery(hook, 3), CancellationToken.None);
        await Webhooks.AddDeliveryAsync(TestSend(hook), CancellationToken.None);
        await Webhooks.AddDeliveryAsync(EventDelivery(hook, 9), CancellationToken.None);
        var oldest = await Webhooks.AddDeliveryAsync(EventDelivery(hook, 5), CancellationToken.None);
        await Webhooks.AddDeliveryAsync(EventDelivery(other, 1), CancellationToken.None);
        await Webhooks.RecordAttemptAsync(done, 1, 200, null, Db.Time.GetUtcNow(), DeliveryStatus.Delivered, null, CancellationToken.None);

        var next = await Webhooks.NextInLineAsync(hook, CancellationToken.None);

        Assert.Equal((oldest, 5L), (next!.Id, next.ClusterEventId!.Value));
        Assert.Null(await Webhooks.NextInLineAsync(await WebhookIdAsync("idle"), CancellationToken.None));
    }

    [Fact]
    public async Task ClaimAsync_DueWithExpectedAttempts_TakesItOnceUntilTheLeaseEnds()
    {
        var hook = await WebhookIdAsync("pager");
        var id = await Webhooks.AddDeliveryAsync(TestSend(hook), CancellationToken.None);
        var now = Db.Time.GetUtcNow();
        var lease = now.AddMinutes(2);

        Assert.False(await Webhooks.ClaimAsync(id, 1, now, lease, CancellationToken.None));
        Assert.True(await Webhooks.ClaimAsync(id, 0, now, lease, CancellationToken.None));
        Assert.False(await Webhooks.ClaimAsync(id, 0, now, lease, CancellationToken.None));
        Assert.True(await Webhooks.ClaimAsync(id, 0, lease, lease.AddMinutes(2), CancellationToken.None));

        Assert.Equal(lease.AddMinutes(2), (await Webhooks.FindDeliveryAsync(id, CancellationToken.None))!.NextAttemptAt);
    }

    [Fact]
    public async Task ClaimAsync_NotYetDueOrNoLongerPending_IsRefused()
    {
        var hook = await WebhookIdAsync("pager");
        var now = Db.Time.GetUtcNow();
        var later = await Webhooks.AddDeliveryAsync(TestSend(hook) with { NextAttemptAt = now.AddSeconds(30) }, CancellationToken.None);
        var almost = await Webhooks.AddDeliveryAsync(TestSend(hook) with { NextAttemptAt = now.AddMilliseconds(900) }, CancellationToken.None);
        var failed = await Webhooks.AddDeliveryAsync(TestSend(hook), CancellationToken.None);
        await Webhooks.RecordAttemptAsync(failed, 0, 500, "boom", now, DeliveryStatus.Failed, now, CancellationToken.None);

        Assert.False(await Webhooks.ClaimAsync(later, 0, now, now.AddMinutes(1), CancellationToken.None));
        Assert.True(await Webhooks.ClaimAsync(almost, 0, now, now.AddMinutes(1), CancellationToken.None));
        Assert.False(await Webhooks.ClaimAsync(failed, 0, now, now.AddMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task ClaimAsync_ConcurrentWorkers_ExactlyOneTakesTheDelivery()
    {
        var hook = await WebhookIdAsync("pager");
        var id = await Webhooks.AddDeliveryAsync(TestSend(hook), CancellationToken.None);
        var now = Db.Time.GetUtcNow();

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Webhooks.ClaimAsync(id, 0, now, now.AddMinutes(1), CancellationToken.None))));

        Assert.Single(claims, c => c);
    }

    [Fact]
    public async Task RecordAttemptAsync_Outcomes_StoreStatusAndTrimTheError()
    {
        var hook = await WebhookIdAsync("pager");
        var retried = await Webhooks.AddDeliveryAsync(TestSend(hook), CancellationToken.None);
        var delivered = await Webhooks.AddDeliveryAsync(TestSend(hook), CancellationToken.None);
        var at = Db.Time.GetUtcNow().AddSeconds(5);

        await Webhooks.RecordAttemptAsync(retried, 1, 503, new string('x', 1500), at, DeliveryStatus.Pending, at.AddSeconds(30), CancellationToken.None);
        await Webhooks.RecordAttemptAsync(delivered, 1, 204, null, at, DeliveryStatus.Delivered, null, CancellationToken.None);

        var retry = (await Webhooks.FindDeliveryAsync(retried, CancellationToken.None))!;
        Assert.Equal((1, 503, DeliveryStatus.Pending, at, at.AddSeconds(30)), (retry.Attempt, retry.StatusCode!.Value, retry.Status, retry.At, retry.NextAttemptAt!.Value));
        Assert.Equal(new string('x', 1000), retry.Error);
        var done = (await Webhooks.FindDeliveryAsync(delivered, CancellationToken.None))!;
        Assert.Equal((DeliveryStatus.Delivered, (int?)204, (string?)null, (DateTimeOffset?)null), (done.Status, done.StatusCode, done.Error, done.NextAttemptAt));
    }

    [Fact]
    public async Task ListDeliveriesAsync_ManyDeliveries_NewestFirstUpToTheLimit()
    {
        var hook = await WebhookIdAsync("pager");
        var other = await WebhookIdAsync("chat");
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await Webhooks.AddDeliveryAsync(TestSend(hook), CancellationToken.None));
            await Webhooks.AddDeliveryAsync(TestSend(other), CancellationToken.None);
        }

        var page = await Webhooks.ListDeliveriesAsync(hook, 3, CancellationToken.None);

        Assert.Equal(ids.AsEnumerable().Reverse().Take(3), page.Select(d => d.Id));
    }

    [Fact]
    public async Task DueDeliveriesAsync_OnlyDuePendingTestSends_ByIdUpToTheLimit()
    {
        var hook = await WebhookIdAsync("pager");
        var now = Db.Time.GetUtcNow();
        var first = await Webhooks.AddDeliveryAsync(TestSend(hook), CancellationToken.None);
        await Webhooks.AddDeliveryAsync(TestSend(hook) with { NextAttemptAt = now.AddMinutes(5) }, CancellationToken.None);
        await Webhooks.AddDeliveryAsync(EventDelivery(hook, 4), CancellationToken.None);
        var second = await Webhooks.AddDeliveryAsync(TestSend(hook) with { NextAttemptAt = now }, CancellationToken.None);
        var delivered = await Webhooks.AddDeliveryAsync(TestSend(hook), CancellationToken.None);
        var third = await Webhooks.AddDeliveryAsync(TestSend(hook) with { NextAttemptAt = now.AddSeconds(-1) }, CancellationToken.None);
        await Webhooks.RecordAttemptAsync(delivered, 1, 200, null, now, DeliveryStatus.Delivered, null, CancellationToken.None);

        Assert.Equal(new[] { first, second, third }, await Webhooks.DueDeliveriesAsync(now, 10, CancellationToken.None));
        Assert.Equal(new[] { first, second }, await Webhooks.DueDeliveriesAsync(now, 2, CancellationToken.None));
    }

    [Fact]
    public async Task DueWebhooksAsync_WebhooksWithDueEventDeliveries_EachOnce()
    {
        var busy = await WebhookIdAsync("busy");
        var later = await WebhookIdAsync("later");
        var testOnly = await WebhookIdAsync("test-only");
        var now = Db.Time.GetUtcNow();
        await Webhooks.AddDeliveryAsync(EventDelivery(busy, 1), CancellationToken.None);
        await Webhooks.AddDeliveryAsync(EventDelivery(busy, 2), CancellationToken.None);
        await Webhooks.AddDeliveryAsync(EventDelivery(later, 1) with { NextAttemptAt = now.AddMinutes(1) }, CancellationToken.None);
        await Webhooks.AddDeliveryAsync(TestSend(testOnly), CancellationToken.None);

        Assert.Equal(new[] { busy }, await Webhooks.DueWebhooksAsync(now, CancellationToken.None));
        Assert.Equal(new[] { busy, later }, (await Webhooks.DueWebhooksAsync(now.AddMinutes(1), CancellationToken.None)).Order());
    }
}
