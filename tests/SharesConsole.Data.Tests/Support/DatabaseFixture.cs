using System.Diagnostics;

namespace SharesConsole.Data.Tests.Support;

/// <summary>One migrated database per test class (tests in a class run one after another); emptied before each test.</summary>
public abstract class DatabaseFixture : IAsyncLifetime
{
    private TestDatabase? _database;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The test database was not created.");

    public long MigrationMs { get; private set; }

    protected abstract Task<TestDatabase> CreateAsync();

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
    protected override Task<TestDatabase> CreateAsync() => SqliteDatabases.CreateAsync();
}

public sealed class MariaDbFixture : DatabaseFixture
{
    protected override Task<TestDatabase> CreateAsync() => MariaDbDatabases.CreateAsync();
}
