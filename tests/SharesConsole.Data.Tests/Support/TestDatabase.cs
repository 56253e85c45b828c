using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SharesConsole.Data;
using SharesConsole.Data.Hosting;

namespace SharesConsole.Data.Tests.Support;

/// <summary>A fresh, migrated database of one provider, built through <c>AddSharesData</c> exactly as the host does.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly Func<Task> _drop;

    private TestDatabase(ServiceProvider services, FakeTimeProvider time, string provider, Func<Task> drop)
    {
        Services = services;
        Time = time;
        Provider = provider;
        _drop = drop;
    }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public string Provider { get; }

    public IDbContextFactory<SharesDbContext> Factory => Services.GetRequiredService<IDbContextFactory<SharesDbContext>>();

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <param name="migrate">False for an empty database that the test migrates itself (<see cref="MigrateToAsync"/>).</param>
    public static async Task<TestDatabase> CreateAsync(string provider, string connectionString, Func<Task> drop, bool migrate = true)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["Database:ConnectionString"] = connectionString,
            ["Database:ServerVersion"] = "mariadb:10.11",
        }).Build();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddSharesData(configuration)
            .BuildServiceProvider();
        var database = new TestDatabase(services, time, provider, drop);
        if (!migrate)
        {
            return database;
        }

        try
        {
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }

        return database;
    }

    /// <summary>Applies (or reverts) migrations up to <paramref name="migration"/>, a name such as <c>Initial</c>.</summary>
    public async Task MigrateToAsync(string migration)
    {
        await using var db = await Factory.CreateDbContextAsync();
        await db.GetService<IMigrator>().MigrateAsync(migration);
    }

    /// <summary>The provider's migrations, oldest first, as names without their timestamps.</summary>
    public IReadOnlyList<string> MigrationNames()
    {
        using var db = Factory.CreateDbContext();
        return [.. db.Database.GetMigrations().Select(id => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..])];
    }

    /// <summary>Empties every table so the next test starts clean without paying for a new migration.</summary>
    public async Task ResetAsync()
    {
        await using var db = await Factory.CreateDbContextAsync();
        await db.WebhookDeliveries.ExecuteDeleteAsync();
        await db.Webhooks.ExecuteDeleteAsync();
        await db.OperationSteps.ExecuteDeleteAsync();
        await db.Operations.ExecuteDeleteAsync();
        await db.Events.ExecuteDeleteAsync();
        await db.EventCursors.ExecuteUpdateAsync(set => set.SetProperty(c => c.LastEventId, 0L));
        await db.TrafficSamples.ExecuteDeleteAsync();
        await db.ApiKeys.ExecuteDeleteAsync();
        await db.Users.ExecuteDeleteAsync();
        await db.Nodes.ExecuteDeleteAsync();
        await db.Edges.ExecuteDeleteAsync();
        await db.LeaderLeases.ExecuteDeleteAsync();
        await db.ControlPlaneInstances.ExecuteDeleteAsync();
        await db.Services.ExecuteDeleteAsync();
        await db.ClusterSettings.ExecuteDeleteAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await _drop();
    }
}
