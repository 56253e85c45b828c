using Microsoft.EntityFrameworkCore;
using SharesConsole.Data.Configuration;

namespace SharesConsole.Data.Hosting;

/// <summary>Points a <see cref="DbContextOptionsBuilder"/> at the configured provider and its migrations assembly.</summary>
public static class DatabaseConfigurator
{
    public const string SqliteMigrationsAssembly = "SharesConsole.Migrations.Sqlite";
    public const string MySqlMigrationsAssembly = "SharesConsole.Migrations.MySql";

    private static readonly SqlitePragmaInterceptor Pragmas = new();

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        if (options.ParsedProvider == DatabaseProvider.MySql)
        {
            if (!ServerVersionParser.TryParse(options.ServerVersion, out var version) || version is null)
            {
                throw new InvalidOperationException($"Database:ServerVersion '{options.ServerVersion}' is not valid.");
            }

            return builder.UseMySql(options.EffectiveConnectionString, version, mysql => mysql.MigrationsAssembly(MySqlMigrationsAssembly));
        }

        return builder
            .UseSqlite(options.EffectiveConnectionString, sqlite => sqlite.MigrationsAssembly(SqliteMigrationsAssembly))
            .AddInterceptors(Pragmas);
    }
}
