using Microsoft.Data.Sqlite;

namespace SharesConsole.Data.Tests.Support;

/// <summary>SQLite in a temporary file (not in memory), so WAL and file locks are real.</summary>
public static class SqliteDatabases
{
    public static Task<TestDatabase> CreateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sc-data-tests-" + Guid.NewGuid().ToString("N"));
        var file = Path.Combine(folder, "nested", "sharesconsole.db");
        return TestDatabase.CreateAsync("Sqlite", $"Data Source={file}", () =>
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
            return Task.CompletedTask;
        });
    }
}
