using MySqlConnector;

namespace SharesConsole.Data.Tests.Support;

/// <summary>A uniquely named database on the MariaDB server that tests/run.sh starts; dropped afterwards.</summary>
public static class MariaDbDatabases
{
    public const string Variable = "SHARESCONSOLE_TEST_MYSQL";

    /// <param name="migrate">False: the database is created empty by the test's first migration.</param>
    public static Task<TestDatabase> CreateAsync(bool migrate = true)
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set. The MariaDB tests need a real server: run tests/run.sh, which starts a private " +
                $"MariaDB and exports {Variable}=\"Server=127.0.0.1;Port=...;User ID=sharestest;Password=sharestest\".");
        }

        var name = "sc_test_" + Guid.NewGuid().ToString("N");
        var builder = new MySqlConnectionStringBuilder(server) { Database = name };
        return TestDatabase.CreateAsync("MySql", builder.ConnectionString, async () =>
        {
            MySqlConnection.ClearAllPools();
            await using var connection = new MySqlConnection(server);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS `{name}`";
            await command.ExecuteNonQueryAsync();
        }, migrate);
    }
}
