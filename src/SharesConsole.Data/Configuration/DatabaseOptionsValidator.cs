using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace SharesConsole.Data.Configuration;

/// <summary>Validates the whole <c>Database</c> section and names every bad key.</summary>
public sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!Enum.TryParse<DatabaseProvider>(options.Provider, ignoreCase: true, out var provider) || int.TryParse(options.Provider, out _))
        {
            errors.Add($"Database:Provider must be Sqlite or MySql (was '{options.Provider}').");
            return ValidateOptionsResult.Fail(errors);
        }

        if (provider == DatabaseProvider.Sqlite)
        {
            ValidateSqlite(options.EffectiveConnectionString, errors);
        }
        else
        {
            ValidateMySql(options, errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateSqlite(string connectionString, List<string> errors)
    {
        try
        {
            var builder = new SqliteConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.DataSource))
            {
                errors.Add("Database:ConnectionString for Sqlite must name a file in 'Data Source'.");
            }
        }
        catch (ArgumentException ex)
        {
            errors.Add($"Database:ConnectionString is not a valid SQLite connection string: {ex.Message}");
        }
    }

    private static void ValidateMySql(DatabaseOptions options, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Add("Database:ConnectionString is required when Database:Provider is MySql.");
        }
        else
        {
            try
            {
                var builder = new MySqlConnectionStringBuilder(options.ConnectionString);
                if (string.IsNullOrWhiteSpace(builder.Server))
                {
                    errors.Add("Database:ConnectionString for MySql must set 'Server'.");
                }

                if (string.IsNullOrWhiteSpace(builder.Database))
                {
                    errors.Add("Database:ConnectionString for MySql must set 'Database'.");
                }
            }
            catch (ArgumentException ex)
            {
                errors.Add($"Database:ConnectionString is not a valid MySQL connection string: {ex.Message}");
            }
        }

        if (!ServerVersionParser.TryParse(options.ServerVersion, out _))
        {
            errors.Add($"Database:ServerVersion must look like 'mariadb:10.11' or 'mysql:8.0' (was '{options.ServerVersion}').");
        }
    }
}
