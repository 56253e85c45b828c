using Microsoft.EntityFrameworkCore;
using SharesConsole.Data.Entities;
using SharesConsole.Data.Hosting;
using SharesConsole.Data.Stores;

namespace SharesConsole.Data.Tests.Stores;

/// <summary>Webhook secrets encrypted at rest (issue #18, finding 6), on both providers.</summary>
public abstract partial class StoreTests
{
    [Fact]
    public async Task WebhookAddAsync_Secret_StoredEncryptedAndReadBackPlain()
    {
        var added = await Webhooks.AddAsync(Webhook("sealed"), CancellationToken.None);

        var stored = await StoredSecretAsync(added.Id);

        Assert.StartsWith(WebhookSecretProtector.Prefix, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec_sealed", stored, StringComparison.Ordinal);
        Assert.Equal("whsec_sealed", added.Secret);
        Assert.Equal("whsec_sealed", (await Webhooks.FindAsync(added.Id, CancellationToken.None))!.Secret);
        Assert.Equal("whsec_sealed", Assert.Single(await Webhooks.ListAsync(CancellationToken.None)).Secret);
    }

    [Fact]
    public async Task WebhookUpdateAsync_KeepsTheEncryptedSecret()
    {
        var added = await Webhooks.AddAsync(Webhook("kept"), CancellationToken.None);
        var before = await StoredSecretAsync(added.Id);

        var updated = await Webhooks.UpdateAsync(added with { Url = "http://127.0.7.9/other" }, CancellationToken.None);

        Assert.Equal("whsec_kept", updated!.Secret);
        Assert.Equal(before, await StoredSecretAsync(added.Id));
    }

    [Fact]
    public async Task Migrate_PlaintextSecretFromBefore_EncryptedInPlaceOnce()
    {
        var id = await InsertRawAsync("legacy", "whsec_legacy");

        await Db.Get<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        var first = await StoredSecretAsync(id);
        var again = await Db.Get<WebhookStore>().ProtectPlaintextSecretsAsync(CancellationToken.None);

        Assert.StartsWith(WebhookSecretProtector.Prefix, first, StringComparison.Ordinal);
        Assert.Equal(first, await StoredSecretAsync(id));
        Assert.Equal(0, again);
        Assert.Equal("whsec_legacy", (await Webhooks.FindAsync(id, CancellationToken.None))!.Secret);
    }

    [Fact]
    public async Task WebhookFindAsync_SecretFromAnotherKeyRing_ReadsEmptyWithoutThrowing()
    {
        var id = await InsertRawAsync("lost", WebhookSecretProtector.Prefix + "CfDJ8-not-a-payload-of-this-key-ring");

        var found = await Webhooks.FindAsync(id, CancellationToken.None);

        Assert.Equal("", found!.Secret);
        Assert.Single(await Webhooks.ListAsync(CancellationToken.None));
    }

    private async Task<string> StoredSecretAsync(int id)
    {
        await using var db = await Db.Factory.CreateDbContextAsync();
        return await db.Webhooks.Where(w => w.Id == id).Select(w => w.Secret).SingleAsync();
    }

    /// <summary>A row as an older version wrote it, past the store.</summary>
    private async Task<int> InsertRawAsync(string name, string secret)
    {
        await using var db = await Db.Factory.CreateDbContextAsync();
        var row = new WebhookEntity { Name = name, Url = "http://127.0.7.9/" + name, Secret = secret, Enabled = true, CreatedAt = Db.Time.GetUtcNow() };
        db.Webhooks.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }
}
