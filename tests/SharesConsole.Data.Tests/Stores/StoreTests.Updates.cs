using Microsoft.EntityFrameworkCore;
using SharesConsole.Data.Entities;
using SharesConsole.Data.Stores;

namespace SharesConsole.Data.Tests.Stores;

public abstract partial class StoreTests
{
    /// <summary>
    /// Found by the API fuzz test: a row deleted between an update's read and its write threw
    /// DbUpdateConcurrencyException (POST /api/v1/nodes/{name}/token next to DELETE /api/v1/nodes/{name}: a 500).
    /// The delete runs inside the update's change here, which is exactly that window.
    /// </summary>
    [Fact]
    public async Task UpdateAsync_RowDeletedBetweenReadAndWrite_NoSuchRow()
    {
        await using (var db = await Db.Factory.CreateDbContextAsync())
        {
            db.Webhooks.Add(new WebhookEntity { Name = "gone", Url = "http://127.0.7.9/gone", Secret = "x", CreatedAt = Db.Time.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        var updated = await Db.Factory.UpdateAsync(
            db => db.Webhooks.Where(w => w.Name == "gone"),
            w =>
            {
                using var other = Db.Factory.CreateDbContext();
                other.Webhooks.Where(o => o.Id == w.Id).ExecuteDelete();
                w.Url = "http://127.0.7.9/changed";
            },
            null,
            CancellationToken.None);

        Assert.Null(updated);
    }
}
