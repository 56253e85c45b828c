using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MySqlConnector;
using SharesConsole.Data.Configuration;
using SharesConsole.Data.Stores;

namespace SharesConsole.Data.Hosting;

/// <summary>Applies the provider's migrations at startup (before later hosted services start) and logs the target.</summary>
public sealed class DatabaseMigrator(
    IDbContextFactory<SharesDbContext> factory,
    WebhookStore webhooks,
    IOptions<DatabaseOptions> options,
    ILogger<DatabaseMigrator> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Applies pending migrations; a failure names the provider and target (never the password).</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        try
        {
            await MigrateCoreAsync(settings, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DbException or IOException or UnauthorizedAccessException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"Database: cannot migrate the {settings.ParsedProvider} database at {Describe(settings)} (Database:ConnectionString): {ex.Message}", ex);
        }
    }

    private async Task MigrateCoreAsync(DatabaseOptions settings, CancellationToken cancellationToken)
    {
        if (settings.ParsedProvider == DatabaseProvider.Sqlite)
        {
            EnsureSqliteFolder(settings.EffectiveConnectionString);
        }

        var clock = Stopwatch.StartNew();
        await using var context = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
        DataLog.Migrating(logger, settings.ParsedProvider.ToString(), Describe(settings), pending.Count);
        await context.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        if (settings.ParsedProvider == DatabaseProvider.Sqlite)
        {
            // WAL is a property of the database file: set once, it holds for every later connection.
            var mode = await context.Database.SqlQueryRaw<string>("PRAGMA journal_mode = WAL").ToListAsync(cancellationToken).ConfigureAwait(false);
            DataLog.JournalMode(logger, mode.FirstOrDefault() ?? "unknown");
        }

        var encrypted = await webhooks.ProtectPlaintextSecretsAsync(cancellationToken).ConfigureAwait(false);
        if (encrypted > 0)
        {
            DataLog.SecretsEncrypted(logger, encrypted);
        }

        var applied = await context.Database.GetAppliedMigrationsAsync(cancellationToken).ConfigureAwait(false);
        DataLog.Migrated(logger, clock.ElapsedMilliseconds, applied.LastOrDefault() ?? "(none)");
    }

    /// <summary>Where the data lives, without credentials.</summary>
    public static string Describe(DatabaseOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.ParsedProvider == DatabaseProvider.Sqlite)
        {
            return Path.GetFullPath(new SqliteConnectionStringBuilder(settings.EffectiveConnectionString).DataSource);
        }

        var mysql = new MySqlConnectionStringBuilder(settings.EffectiveConnectionString);
        return $"{mysql.Server}:{mysql.Port}/{mysql.Database} ({settings.ServerVersion})";
    }

    private static void EnsureSqliteFolder(string connectionString)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrWhiteSpace(source) || source.StartsWith(':') || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(source));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }
}
