using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using SharesConsole.Data;
using SharesConsole.Data.Configuration;
using SharesConsole.Data.Hosting;

namespace SharesConsole.Migrations.Sqlite;

/// <summary>Used by <c>dotnet ef migrations add</c>; nothing here connects.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<SharesDbContext>
{
    public SharesDbContext CreateDbContext(string[] args)
    {
        var options = new DatabaseOptions { Provider = nameof(DatabaseProvider.Sqlite), ConnectionString = "Data Source=design-time.db" };
        var builder = new DbContextOptionsBuilder<SharesDbContext>();
        DatabaseConfigurator.Configure(builder, options);
        return new SharesDbContext(builder.Options);
    }
}
