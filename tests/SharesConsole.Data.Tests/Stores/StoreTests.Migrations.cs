using Microsoft.EntityFrameworkCore;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data.Tests.Stores;

public abstract partial class StoreTests
{
    [Fact]
    public async Task Migrate_FreshDatabase_AppliesInitialWithNoPendingModelChanges()
    {
        await using var context = await Db.Factory.CreateDbContextAsync();

        var applied = (await context.Database.GetAppliedMigrationsAsync()).ToList();
        var pending = (await context.Database.GetPendingMigrationsAsync()).ToList();

        Assert.Contains(applied, m => m.EndsWith("_Initial", StringComparison.Ordinal));
        Assert.Empty(pending);
        Assert.False(context.Database.HasPendingModelChanges(), $"{Db.Provider}: the model differs from the migrations; add a migration.");
    }

    [Fact]
    public async Task Migrate_RunTwice_IsIdempotent()
    {
        await Db.Get<SharesConsole.Data.Hosting.DatabaseMigrator>().MigrateAsync(CancellationToken.None);

        await using var context = await Db.Factory.CreateDbContextAsync();
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task SaveChanges_EventModified_IsRefusedAsAppendOnly()
    {
        await using (var context = await Db.Factory.CreateDbContextAsync())
        {
            context.Events.Add(new EventEntity { Time = Db.Time.GetUtcNow(), Kind = "node.down", Severity = "Error", Message = "first" });
            await context.SaveChangesAsync();
        }

        await using var edit = await Db.Factory.CreateDbContextAsync();
        var stored = await edit.Events.SingleAsync();
        stored.Message = "rewritten";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => edit.SaveChangesAsync());
        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
    }
}
