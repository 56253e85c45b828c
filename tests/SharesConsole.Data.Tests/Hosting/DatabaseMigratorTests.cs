using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SharesConsole.Data.Hosting;

namespace SharesConsole.Data.Tests.Hosting;

public sealed class DatabaseMigratorTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings) => new ServiceCollection()
        .AddLogging()
        .AddSharesData(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
        .BuildServiceProvider();

    [Fact]
    public async Task MigrateAsync_MySqlServerNotListening_FailsNamingTargetWithoutPassword()
    {
        // Nothing listens on port 1 of this engineer's loopback block: the connection is refused at once.
        await using var services = Build(new()
        {
            ["Database:Provider"] = "MySql",
            ["Database:ConnectionString"] = "Server=127.0.7.2;Port=1;Database=sc;User ID=u;Password=hunter2;Connect Timeout=3",
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None));

        Assert.StartsWith("Database: cannot migrate the MySql database at 127.0.7.2:1/sc", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateAsync_SqliteFolderIsAFile_FailsNamingTheFile()
    {
        var blocker = Path.GetTempFileName();
        try
        {
            await using var services = Build(new() { ["Database:ConnectionString"] = $"Data Source={blocker}/sub/sc.db" });

            var error = await Assert.ThrowsAsync<InvalidOperationException>(
                () => services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None));

            Assert.Contains($"Sqlite database at {blocker}/sub/sc.db", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(blocker);
        }
    }
}
