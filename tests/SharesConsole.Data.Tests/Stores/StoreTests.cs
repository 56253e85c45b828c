using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using SharesConsole.Data.Tests.Support;
using Xunit.Abstractions;

namespace SharesConsole.Data.Tests.Stores;

/// <summary>
/// The store tests, written once and run against every provider (see the concrete classes below).
/// Each provider migrates one database per class; every test starts from empty tables.
/// </summary>
public abstract partial class StoreTests(DatabaseFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    protected DatabaseFixture Fixture { get; } = fixture;

    protected TestDatabase Db => Fixture.Database;

    protected ITestOutputHelper Output { get; } = output;

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        await Db.ResetAsync();
        Output.WriteLine($"{Db.Provider}: migrated once in {Fixture.MigrationMs} ms; tables emptied in {clock.ElapsedMilliseconds} ms");
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

public sealed class SqliteStoreTests(SqliteFixture fixture, ITestOutputHelper output)
    : StoreTests(fixture, output), IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task Migrate_SqliteFile_UsesWriteAheadLog()
    {
        await using var context = await Db.Factory.CreateDbContextAsync();

        var mode = await context.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync();

        Assert.Equal("wal", Assert.Single(mode));
    }

    [Fact]
    public async Task Connection_SqliteFile_SyncsEveryCommit()
    {
        await using var context = await Db.Factory.CreateDbContextAsync();

        var level = await context.Database.SqlQueryRaw<int>("PRAGMA synchronous").ToListAsync();

        // 2 = FULL: with NORMAL (1) and WAL, a power loss can lose the last committed epoch raise.
        Assert.Equal(2, Assert.Single(level));
    }
}

public sealed class MariaDbStoreTests(MariaDbFixture fixture, ITestOutputHelper output)
    : StoreTests(fixture, output), IClassFixture<MariaDbFixture>;
