using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pomelo.EntityFrameworkCore.MySql.Infrastructure;
using SharesConsole.Data.Configuration;
using SharesConsole.Data.Hosting;

namespace SharesConsole.Data.Tests.Configuration;

public sealed class DatabaseOptionsValidatorTests
{
    private static ValidateOptionsResult Validate(DatabaseOptions options) => new DatabaseOptionsValidator().Validate(null, options);

    [Fact]
    public void Validate_Defaults_SucceedWithSqliteFileUnderData()
    {
        var options = new DatabaseOptions();

        Assert.True(Validate(options).Succeeded);
        Assert.Equal(DatabaseProvider.Sqlite, options.ParsedProvider);
        Assert.Equal("Data Source=./data/sharesconsole.db", options.EffectiveConnectionString);
    }

    [Theory]
    [InlineData("Postgres")]
    [InlineData("")]
    [InlineData("1")]
    public void Validate_UnknownProvider_FailsNamingTheKey(string provider)
    {
        var result = Validate(new DatabaseOptions { Provider = provider });

        Assert.True(result.Failed);
        Assert.Contains("Database:Provider must be Sqlite or MySql", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MySqlWithoutConnectionStringAndBadVersion_ReportsBothErrors()
    {
        var result = Validate(new DatabaseOptions { Provider = "mysql", ServerVersion = "oracle:23" });

        Assert.Equal(2, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.StartsWith("Database:ConnectionString is required", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Database:ServerVersion must look like", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Server=db;User ID=x", "must set 'Database'")]
    [InlineData("Bogus Key=1", "not a valid MySQL connection string")]
    public void Validate_BadMySqlConnectionString_FailsNamingTheKey(string connectionString, string expected)
    {
        var result = Validate(new DatabaseOptions { Provider = "MySql", ConnectionString = connectionString });

        Assert.Contains(result.Failures!, f => f.StartsWith("Database:ConnectionString", StringComparison.Ordinal) && f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadSqliteConnectionString_FailsNamingTheKey()
    {
        var result = Validate(new DatabaseOptions { ConnectionString = "Nonsense=1" });

        Assert.Contains("Database:ConnectionString is not a valid SQLite connection string", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mariadb:10.11", "10.11", true)]
    [InlineData("MySQL:8.0", "8.0", false)]
    [InlineData("mysql:8", "8.0", false)]
    public void TryParse_KnownServerVersions_ParsesTypeAndNumber(string text, string version, bool mariaDb)
    {
        Assert.True(ServerVersionParser.TryParse(text, out var parsed));
        Assert.Equal(Version.Parse(version), parsed!.Version);
        Assert.Equal(mariaDb ? ServerType.MariaDb : ServerType.MySql, parsed.Type);
    }

    [Fact]
    public void AddSharesData_BadSection_OptionsAccessThrowsWithEveryKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "MySql",
            ["Database:ServerVersion"] = "nope",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddSharesData(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<DatabaseOptions>>().Value);

        Assert.Contains("Database:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains("Database:ServerVersion", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_MySqlTarget_OmitsThePassword()
    {
        var options = new DatabaseOptions { Provider = "MySql", ConnectionString = "Server=db.example;Port=3307;Database=sc;User ID=u;Password=secret42" };

        var text = DatabaseMigrator.Describe(options);

        Assert.Equal("db.example:3307/sc (mariadb:10.11)", text);
        Assert.DoesNotContain("secret42", text, StringComparison.Ordinal);
    }
}
