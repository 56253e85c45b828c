namespace SharesConsole.Data.Configuration;

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public const string DefaultSqliteConnectionString = "Data Source=./data/sharesconsole.db";

    /// <summary><c>Sqlite</c> (default) or <c>MySql</c>; text so a typo is reported by the validator, not the binder.</summary>
    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    /// <summary>Empty means <see cref="DefaultSqliteConnectionString"/> for SQLite; required for MySql.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>MySql only: <c>mariadb:10.11</c> or <c>mysql:8.0</c>.</summary>
    public string ServerVersion { get; set; } = "mariadb:10.11";

    public DatabaseProvider ParsedProvider =>
        Enum.TryParse<DatabaseProvider>(Provider, ignoreCase: true, out var p) ? p : DatabaseProvider.Sqlite;

    public string EffectiveConnectionString =>
        string.IsNullOrWhiteSpace(ConnectionString) && ParsedProvider == DatabaseProvider.Sqlite
            ? DefaultSqliteConnectionString
            : ConnectionString ?? "";
}
