using Microsoft.EntityFrameworkCore;
using SharesConsole.Core.State;
using SharesConsole.Data.Entities;
using SharesConsole.Data.Stores;

namespace SharesConsole.Data.Tests.Stores;

public abstract partial class StoreTests
{
    private WebhookOutboxStore Outbox => Db.Get<WebhookOutboxStore>();

    private async Task<int> AddWebhookAsync(string name)
    {
        await using var db = await Db.Factory.CreateDbContextAsync();
        var webhook = new WebhookEntity { Name = name, Url = "http://127.0.7.9/hook", Secret = "s", EventKinds = "", Enabled = true, CreatedAt = Db.Time.GetUtcNow() };
        db.Webhooks.Add(webhook);
        await db.SaveChangesAsync();
        return webhook.Id;
    }

    private WebhookDeliveryEntity Delivery(int webhookId, long clusterEventId) => new()
    {
        WebhookId = webhookId,
        EventId = clusterEventId * 1000 + webhookId,
        ClusterEventId = clusterEventId,
        Kind = EventKinds.NodeDown,
        Payload = $"{{\"event\":{clusterEventId}}}",
        Status = "Pending",
        At = Db.Time.GetUtcNow(),
        CreatedAt = Db.Time.GetUtcNow(),
        NextAttemptAt = Db.Time.GetUtcNow(),
    };

    private async Task<List<(int WebhookId, long? ClusterEventId)>> StoredDeliveriesAsync()
    {
        await using var db = await Db.Factory.CreateDbContextAsync();
        var rows = await db.WebhookDeliveries.AsNoTracking().OrderBy(d => d.Id).Select(d => new { d.WebhookId, d.ClusterEventId }).ToListAsync();
        return [.. rows.Select(r => (r.WebhookId, r.ClusterEventId))];
    }

    [Fact]
    public async Task AdvanceAsync_FromTheCursor_AddsDeliveriesAndMovesTheCursorTogether()
    {
        var events = await AppendEventsAsync(3);
        var hook = await AddWebhookAsync("a");
        var start = await Outbox.GetCursorAsync(CancellationToken.None);

        var result = await Outbox.AdvanceAsync(start, events[^1].Id, [.. events.Select(e => Delivery(hook, e.Id))], CancellationToken.None);

        Assert.Equal(0, start);
        Assert.Equal(new CursorAdvance(true, 3), result);
        Assert.Equal(events[^1].Id, await Outbox.GetCursorAsync(CancellationToken.None));
        Assert.Equal(events.Select(e => (hook, (long?)e.Id)), await StoredDeliveriesAsync());
    }

    [Fact]
    public async Task AdvanceAsync_CursorMovedMeanwhile_WritesNothing()
    {
        var events = await AppendEventsAsync(4);
        var hook = await AddWebhookAsync("a");
        await Outbox.AdvanceAsync(0, events[1].Id, [Delivery(hook, events[0].Id), Delivery(hook, events[1].Id)], CancellationToken.None);

        var stale = await Outbox.AdvanceAsync(0, events[3].Id, [.. events.Select(e => Delivery(hook, e.Id))], CancellationToken.None);

        Assert.Equal(new CursorAdvance(false, 0), stale);
        Assert.Equal(events[1].Id, await Outbox.GetCursorAsync(CancellationToken.None));
        Assert.Equal(2, (await StoredDeliveriesAsync()).Count);
    }

    [Fact]
    public async Task AdvanceAsync_DeliveryOfThatEventExists_SkipsItAndAddsTheRest()
    {
        var events = await AppendEventsAsync(2);
        var first = await AddWebhookAsync("a");
        var second = await AddWebhookAsync("b");
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            db.WebhookDeliveries.Add(Delivery(first, events[0].Id));
            await db.SaveChangesAsync();
        }

        var result = await Outbox.AdvanceAsync(
            0,
            events[1].Id,
            [Delivery(first, events[0].Id), Delivery(second, events[0].Id), Delivery(first, events[1].Id), Delivery(first, events[1].Id)],
            CancellationToken.None);

        Assert.Equal(new CursorAdvance(true, 2), result);
        Assert.Equal(
            new[] { (first, events[0].Id), (second, events[0].Id), (first, events[1].Id) },
            (await StoredDeliveriesAsync()).Select(d => (d.WebhookId, d.ClusterEventId!.Value)));
    }

    [Fact]
    public async Task AdvanceAsync_DeliveryOutsideTheRun_IsRefusedWithoutWriting()
    {
        var events = await AppendEventsAsync(3);
        var hook = await AddWebhookAsync("a");

        await Assert.ThrowsAsync<ArgumentException>(() => Outbox.AdvanceAsync(0, events[1].Id, [Delivery(hook, events[2].Id)], CancellationToken.None));

        Assert.Equal(0, await Outbox.GetCursorAsync(CancellationToken.None));
        Assert.Empty(await StoredDeliveriesAsync());
    }

    [Fact]
    public async Task AdvanceAsync_TwoDispatchersFromTheSameCursor_OnlyOneWrites()
    {
        var events = await AppendEventsAsync(20);
        var hook = await AddWebhookAsync("a");
        var batch = events.Select(e => Delivery(hook, e.Id)).ToList();
        var copy = events.Select(e => Delivery(hook, e.Id)).ToList();

        var results = await Task.WhenAll(
            Task.Run(() => Outbox.AdvanceAsync(0, events[^1].Id, batch, CancellationToken.None)),
            Task.Run(() => Outbox.AdvanceAsync(0, events[^1].Id, copy, CancellationToken.None)));

        Assert.Equal(new[] { false, true }, results.Select(r => r.Moved).Order());
        Assert.Equal(20, results.Sum(r => r.Added));
        Assert.Equal(20, (await StoredDeliveriesAsync()).Count);
    }

    [Fact]
    public async Task UniqueIndex_SecondDeliveryOfOneEventToOneWebhook_IsRefused()
    {
        var events = await AppendEventsAsync(1);
        var hook = await AddWebhookAsync("a");
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            db.WebhookDeliveries.Add(Delivery(hook, events[0].Id));
            var testSend = Delivery(hook, 0);
            testSend.ClusterEventId = null;
            var otherTestSend = Delivery(hook, 0);
            otherTestSend.ClusterEventId = null;
            otherTestSend.EventId++;
            db.WebhookDeliveries.AddRange(testSend, otherTestSend);
            await db.SaveChangesAsync();
        }

        await using var again = await Db.Factory.CreateDbContextAsync();
        var duplicate = Delivery(hook, events[0].Id);
        duplicate.EventId++;
        again.WebhookDeliveries.Add(duplicate);
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => again.SaveChangesAsync());

        Assert.Contains("ClusterEventId", error.InnerException?.Message ?? "", StringComparison.Ordinal);
        Assert.Equal(3, (await StoredDeliveriesAsync()).Count);
    }

    [Fact]
    public async Task GetCursorAsync_RowMissing_StartsAtTheNewestEvent()
    {
        var events = await AppendEventsAsync(3);
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            await db.EventCursors.ExecuteDeleteAsync();
        }

        var cursor = await Outbox.GetCursorAsync(CancellationToken.None);
        var moved = await Outbox.AdvanceAsync(cursor, cursor, [], CancellationToken.None);

        Assert.Equal(events[^1].Id, cursor);
        Assert.True(moved.Moved);
    }

    [Fact]
    public async Task Migrate_UpgradeOfADatabaseWithEvents_StartsTheCursorAfterTheNewestEvent()
    {
        await using var upgraded = await Fixture.CreateUnmigratedAsync();
        var names = upgraded.MigrationNames().ToList();
        await upgraded.MigrateToAsync(names[names.IndexOf("WebhookEventCursor") - 1]);
        var store = upgraded.Get<EventStore>();
        ClusterEvent last = null!;
        for (var i = 0; i < 5; i++)
        {
            last = await store.AppendAsync(new ClusterEvent { Time = upgraded.Time.GetUtcNow(), Kind = EventKinds.NodeDown, Message = $"before upgrade {i}" }, null, CancellationToken.None);
        }

        await upgraded.MigrateToAsync(names[^1]);

        Assert.Equal(last.Id, await upgraded.Get<WebhookOutboxStore>().GetCursorAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Migrate_BrandNewDatabase_StartsTheCursorAtZero()
    {
        await using var fresh = await Fixture.CreateUnmigratedAsync();
        await fresh.MigrateToAsync(fresh.MigrationNames()[^1]);
        await fresh.Get<EventStore>().AppendAsync(new ClusterEvent { Time = fresh.Time.GetUtcNow(), Kind = EventKinds.NodeDown, Message = "first" }, null, CancellationToken.None);

        Assert.Equal(0, await fresh.Get<WebhookOutboxStore>().GetCursorAsync(CancellationToken.None));
    }
}
