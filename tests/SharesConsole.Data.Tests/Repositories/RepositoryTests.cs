using SharesConsole.Data.Tests.Infrastructure;

namespace SharesConsole.Data.Tests.Repositories;

/// <summary>
/// The repository tests, written once and run against every provider (see the concrete classes).
/// Each test gets its own freshly migrated database.
/// </summary>
public abstract partial class RepositoryTests : IAsyncLifetime
{
    private TestDatabase? _db;

    protected TestDatabase Db => _db ?? throw new InvalidOperationException("The test database was not created.");

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync() => _db = await CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }
}

public sealed class SqliteRepositoryTests : RepositoryTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => SqliteDatabases.CreateAsync();
}

public sealed class MariaDbRepositoryTests : RepositoryTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => MariaDbDatabases.CreateAsync();
}
