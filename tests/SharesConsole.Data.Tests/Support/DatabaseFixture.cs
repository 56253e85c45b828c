using System.Diagnostics;

namespace SharesConsole.Data.Tests.Support;

/// <summary>One migrated database per test class (tests in a class run one after another); emptied before each test.</summary>
public abstract class DatabaseFixture : IAsyncLifetime
{
    private TestDatabase? _database;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The test database was not created.");

    public long MigrationMs { get; private set; }

    /// <summary>Another database of the same provider, empty and not migrated; the caller disposes it.</summary>
    public Task<TestDatabase> CreateUnmigratedAsync() => CreateAsync(migrate: false);

    protected abstract Task<TestDatabase> CreateAsync(bool migrate = true);

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        _database = await CreateAsync();
        MigrationMs = clock.ElapsedMilliseconds;
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

public sealed class SqliteFixture : DatabaseFixture
{
    protected override Task<TestDatabase> CreateAsync(bool migrate = true) => SqliteDatabases.CreateAsync(migrate);
}

public sealed class MariaDbFixture : DatabaseFixture
{
    protected override Task<TestDatabase> CreateAsync(bool migrate = true) => MariaDbDatabases.CreateAsync(migrate);
}
