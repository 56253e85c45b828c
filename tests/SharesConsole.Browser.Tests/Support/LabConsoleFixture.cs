using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SharesConsole.Tests.Common.Network;

namespace SharesConsole.Browser.Tests.Support;

/// <summary>
/// The console on a real Kestrel port (127.0.8.1) with the embedded lab and its agents running for real:
/// VIP 127.0.8.20, node-a on 127.0.8.21, node-b on 127.0.8.22, SQLite and lab files in a temp directory.
/// </summary>
public sealed class LabConsoleFixture : WebApplicationFactory<Program>
{
    public const string AdminUser = "browser-admin";
    public const string AdminPassword = "browser-admin-password-1";
    public static readonly IPAddress ConsoleAddress = Loopback.Browser.Address(1);
    public static readonly IPAddress Vip = Loopback.Browser.Address(20);

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("sharesconsole-browser-tests-").FullName;

    public LabConsoleFixture()
    {
        UseKestrel(options => options.Listen(ConsoleAddress, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseUrl = new Uri(addresses.First().TrimEnd('/') + "/");
    }

    public Uri BaseUrl { get; }

    public string DataDirectory => _dataDirectory;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Settings(_dataDirectory))
        {
            builder.UseSetting(key, value);
        }
    }

    private static Dictionary<string, string> Settings(string dataDirectory)
    {
        var taken = new HashSet<int>();
        var transfer = Ports.FreeTcpAndUdp(Vip, taken).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var settings = new Dictionary<string, string>
        {
            ["Hangfire:Storage"] = "InMemory",
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(dataDirectory, "sharesconsole.db")}",
            ["Lab:Enabled"] = "true",
            ["Lab:Agents"] = "true",
            ["Lab:Directory"] = Path.Combine(dataDirectory, "lab"),
            ["Cluster:Vip"] = Vip.ToString(),
            ["Cluster:WebPort"] = Port(taken),
            ["Cluster:WebTlsPort"] = "0",
            ["Cluster:SshPort"] = transfer,
            ["Cluster:FaspPort"] = transfer,
            ["Cluster:DnsPort"] = Port(taken),
            // No transfers cross this VIP in these tests: keep nftables out of a host that parallel suites share.
            ["Edge:TransferPath"] = "Relay",
            ["Auth:AdminUser"] = AdminUser,
            ["Auth:AdminPassword"] = AdminPassword,
            ["Auth:AnonymousViewer"] = "true",
            ["Api:RequestsPerMinute"] = "100000",
            ["Api:LoginsPerMinute"] = "1000",
        };
        string[] nodes = ["node-a", "node-b"];
        for (var i = 0; i < nodes.Length; i++)
        {
            // The lab stand-ins listen on the lab's fixed ports; each node has its own address in this block.
            settings[$"Cluster:Nodes:{i}:Name"] = nodes[i];
            settings[$"Cluster:Nodes:{i}:Address"] = Loopback.Browser.Address(21 + i).ToString();
            settings[$"Cluster:Nodes:{i}:WebPort"] = "8080";
            settings[$"Cluster:Nodes:{i}:WebTls"] = "false";
            settings[$"Cluster:Nodes:{i}:Preference"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }

    private static string Port(HashSet<int> taken) =>
        Ports.FreeTcpAndUdp(Vip, taken).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override async ValueTask DisposeAsync()
    {
        // A stop that overruns the host's shutdown timeout ends in a bare OperationCanceledException: name the
        // background services that had not finished, so the failure says what hung.
        var background = Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await base.DisposeAsync();
        }
        catch (OperationCanceledException e)
        {
            var running = background.Where(s => s.ExecuteTask is { IsCompleted: false }).Select(s => s.GetType().Name);
            throw new InvalidOperationException(
                $"The lab host did not stop within {clock.Elapsed.TotalSeconds:0} s; background services still running: {string.Join(", ", running)} " +
                "(other hosted services are not listed).", e);
        }

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
