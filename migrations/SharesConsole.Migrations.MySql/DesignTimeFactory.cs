using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using SharesConsole.Data;
using SharesConsole.Data.Configuration;
using SharesConsole.Data.Hosting;

namespace SharesConsole.Migrations.MySql;

/// <summary>Used by <c>dotnet ef migrations add</c>; the server version is fixed (MariaDB 10.11) so nothing connects.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<SharesDbContext>
{
    public SharesDbContext CreateDbContext(string[] args)
    {
        var options = new DatabaseOptions
        {
            Provider = nameof(DatabaseProvider.MySql),
            ConnectionString = "Server=localhost;Database=sharesconsole",
            ServerVersion = "mariadb:10.11",
        };
        var builder = new DbContextOptionsBuilder<SharesDbContext>();
        DatabaseConfigurator.Configure(builder, options);
        return new SharesDbContext(builder.Options);
    }
}
