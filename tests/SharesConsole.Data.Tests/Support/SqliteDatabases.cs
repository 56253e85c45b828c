using Microsoft.Data.Sqlite;

namespace SharesConsole.Data.Tests.Support;

/// <summary>SQLite in a temporary file (not in memory), so WAL and file locks are real.</summary>
public static class SqliteDatabases
{
    /// <param name="migrate">False: an empty file in an existing folder (the migrator creates the folder otherwise).</param>
    public static Task<TestDatabase> CreateAsync(bool migrate = true)
    {
        var folder = Path.Combine(Path.GetTempPath(), "sc-data-tests-" + Guid.NewGuid().ToString("N"));
        var file = Path.Combine(folder, "nested", "sharesconsole.db");
        if (!migrate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        }

        return TestDatabase.CreateAsync("Sqlite", $"Data Source={file}", () =>
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
            return Task.CompletedTask;
        }, migrate);
    }
}
