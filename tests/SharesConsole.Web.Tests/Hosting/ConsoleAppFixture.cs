using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SharesConsole.Tests.Common.Network;

namespace SharesConsole.Web.Tests.Hosting;

/// <summary>
/// One control-plane host shared by every app test (Hangfire keeps process-wide state). Lab
/// addresses are moved to 127.0.6.x so tests never collide with a lab running on this machine.
/// </summary>
public sealed class ConsoleAppFixture : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("sharesconsole-web-tests-").FullName;

    public string DataDirectory => _dataDirectory;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Settings(_dataDirectory))
        {
            builder.UseSetting(key, value);
        }
    }

    public static Dictionary<string, string> Settings(string dataDirectory) => new()
    {
        ["Hangfire:Storage"] = "InMemory",
        ["Database:Provider"] = "Sqlite",
        ["Database:ConnectionString"] = $"Data Source={Path.Combine(dataDirectory, "sharesconsole.db")}",
        ["Lab:Enabled"] = "true",
        ["Lab:Agents"] = "false",
        ["Lab:Directory"] = Path.Combine(dataDirectory, "lab"),
        ["Cluster:Vip"] = "127.0.6.20",
        ["Cluster:WebPort"] = "18080",
        ["Cluster:WebTlsPort"] = "0",
        ["Cluster:SshPort"] = "18022",
        ["Cluster:FaspPort"] = "18022",
        ["Cluster:DnsPort"] = "18053",
        // No transfers cross this VIP in these tests: keep nftables out of a host that parallel suites share.
        ["Edge:TransferPath"] = "Relay",
        ["Cluster:Nodes:0:Name"] = "node-a",
        ["Cluster:Nodes:0:Address"] = "127.0.6.21",
        ["Cluster:Nodes:0:WebPort"] = "18081",
        ["Cluster:Nodes:0:WebTls"] = "false",
        ["Cluster:Nodes:1:Name"] = "node-b",
        ["Cluster:Nodes:1:Address"] = "127.0.6.22",
        ["Cluster:Nodes:1:WebPort"] = "18081",
        ["Cluster:Nodes:1:WebTls"] = "false",
        ["Auth:AdminUser"] = AdminUser,
        ["Auth:AdminPassword"] = AdminPassword,
        ["Auth:AnonymousViewer"] = "true",
        ["Api:RequestsPerMinute"] = "100000",
        ["Api:LoginsPerMinute"] = "10",
        ["Webhooks:RetryBaseSeconds"] = "1",
        ["Webhooks:MaxAttempts"] = "6",
        ["Webhooks:TimeoutSeconds"] = "30",

        // The receivers of the tests run in the suite's loopback block; everything else not public stays refused.
        ["Webhooks:AllowedNetworks:0"] = Loopback.Web.ToString(),
    };

    public const string AdminUser = "test-admin";

    public const string AdminPassword = "test-admin-password-1";

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a handle for a moment; the temp folder is harmless.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleAppCollection : ICollectionFixture<ConsoleAppFixture>
{
    public const string Name = "console app";
}
