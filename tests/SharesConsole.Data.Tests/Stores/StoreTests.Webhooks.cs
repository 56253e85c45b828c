using SharesConsole.Core.State;
using SharesConsole.Data.Stores;

namespace SharesConsole.Data.Tests.Stores;

public abstract partial class StoreTests
{
    private IWebhookStore Webhooks => Db.Get<IWebhookStore>();

    private WebhookRecord Webhook(string name, params string[] kinds) => new()
    {
        Name = name,
        Url = $"http://127.0.7.9/hooks/{name}",
        Secret = "whsec_" + name,
        EventKinds = kinds,
        Enabled = true,
        CreatedAt = Db.Time.GetUtcNow(),
    };

    private static void AssertSameWebhook(WebhookRecord expected, WebhookRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { EventKinds = [] }, actual with { EventKinds = [] });
        Assert.Equal(expected.EventKinds, actual.EventKinds);
    }

    [Fact]
    public async Task WebhookAddAsync_ThenFind_RoundTripsEveryField()
    {
        var webhook = Webhook("pager", EventKinds.NodeDown, EventKinds.FailoverCompleted) with { Enabled = false };

        var added = await Webhooks.AddAsync(webhook, CancellationToken.None);

        Assert.True(added.Id > 0);
        AssertSameWebhook(webhook with { Id = added.Id }, added);
        AssertSameWebhook(added, await Webhooks.FindAsync(added.Id, CancellationToken.None));
        Assert.Null(await Webhooks.FindAsync(added.Id + 1000, CancellationToken.None));
    }

    [Fact]
    public async Task WebhookAddAsync_NoKinds_ReadsBackAsEveryKind()
    {
        var added = await Webhooks.AddAsync(Webhook("all"), CancellationToken.None);

        Assert.Empty((await Webhooks.FindAsync(added.Id, CancellationToken.None))!.EventKinds);
    }

    [Fact]
    public async Task WebhookListAsync_SeveralWebhooks_InCreationOrder()
    {
        await Webhooks.AddAsync(Webhook("b"), CancellationToken.None);
        await Webhooks.AddAsync(Webhook("a"), CancellationToken.None);

        var list = await Webhooks.ListAsync(CancellationToken.None);

        Assert.Equal(new[] { "b", "a" }, list.Select(w => w.Name));
        Assert.True(list[0].Id < list[1].Id);
    }

    [Fact]
    public async Task WebhookAddAsync_NameTakenInOtherCase_ThrowsConflict()
    {
        await Webhooks.AddAsync(Webhook("pager"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<StoreConflictException>(() => Webhooks.AddAsync(Webhook("PAGER"), CancellationToken.None));

        Assert.Contains("'PAGER' already exists", error.Message, StringComparison.Ordinal);
        Assert.Single(await Webhooks.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task WebhookUpdateAsync_ChangesEditableFieldsButNeverTheSecret()
    {
        var added = await Webhooks.AddAsync(Webhook("pager", EventKinds.NodeDown), CancellationToken.None);
        var edited = added with
        {
            Name = "pager-2",
            Url = "https://127.0.7.10/other",
            EventKinds = [EventKinds.NodeUp],
            Enabled = false,
            Secret = "whsec_replaced",
            CreatedAt = added.CreatedAt.AddDays(1),
        };

        var updated = await Webhooks.UpdateAsync(edited, CancellationToken.None);

        var expected = edited with { Secret = added.Secret, CreatedAt = added.CreatedAt };
        AssertSameWebhook(expected, updated);
        AssertSameWebhook(expected, await Webhooks.FindAsync(added.Id, CancellationToken.None));
    }

    [Fact]
    public async Task WebhookUpdateAsync_Unknown_ReturnsNull()
    {
        Assert.Null(await Webhooks.UpdateAsync(Webhook("ghost") with { Id = 4242 }, CancellationToken.None));
        Assert.Empty(await Webhooks.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task WebhookUpdateAsync_RenameToTakenName_ThrowsConflictAndKeepsBoth()
    {
        await Webhooks.AddAsync(Webhook("pager"), CancellationToken.None);
        var other = await Webhooks.AddAsync(Webhook("chat"), CancellationToken.None);

        await Assert.ThrowsAsync<StoreConflictException>(() => Webhooks.UpdateAsync(other with { Name = "Pager" }, CancellationToken.None));

        Assert.Equal("chat", (await Webhooks.FindAsync(other.Id, CancellationToken.None))!.Name);
    }

    [Fact]
    public async Task WebhookDeleteAsync_WithDeliveries_RemovesBothAndLeavesOthers()
    {
        var gone = await Webhooks.AddAsync(Webhook("gone"), CancellationToken.None);
        var kept = await Webhooks.AddAsync(Webhook("kept"), CancellationToken.None);
        var goneDelivery = await Webhooks.AddDeliveryAsync(TestSend(gone.Id), CancellationToken.None);
        var keptDelivery = await Webhooks.AddDeliveryAsync(TestSend(kept.Id), CancellationToken.None);

        Assert.True(await Webhooks.DeleteAsync(gone.Id, CancellationToken.None));
        Assert.False(await Webhooks.DeleteAsync(gone.Id, CancellationToken.None));

        Assert.Null(await Webhooks.FindAsync(gone.Id, CancellationToken.None));
        Assert.Null(await Webhooks.FindDeliveryAsync(goneDelivery, CancellationToken.None));
        Assert.NotNull(await Webhooks.FindDeliveryAsync(keptDelivery, CancellationToken.None));
        Assert.Equal(new[] { kept.Id }, (await Webhooks.ListAsync(CancellationToken.None)).Select(w => w.Id));
    }
}
