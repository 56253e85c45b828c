using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Remote;
using SharesConsole.Edge.Tests.Support;
using SharesConsole.Edge.Web;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Edge.Tests.Remote;

/// <summary>The edge executable's start: it serves from its snapshot file while no control plane answers.</summary>
public sealed class RemoteEdgeStartTests
{
    private static readonly IPAddress Vip = IPAddress.Parse("127.0.3.150");

    [Fact]
    public async Task Start_ControlPlaneDown_ServesTheSnapshotAtOnce_FirstRequestIs200()
    {
        using var directory = new TempDirectory();
        await using var node = await FakeNode.StartAsync("node-a", IPAddress.Parse("127.0.3.151"));
        var snapshotPath = Path.Combine(directory.Path, "snapshot.json");
        var config = TopologyJson.ToConfig(new ClusterTopology
        {
            Settings = new ClusterSettings { Vip = Vip, Ports = new ClusterPorts { Web = 0, WebTls = 0, Ssh = 0, Fasp = 0, FaspRangeEnd = 0 } },
            Nodes = [new NodeState(node.Definition)],
            ActiveNode = "node-a",
        });
        new EdgeSnapshotFile(snapshotPath).Write(new EdgeSnapshot
        {
            Version = config.Version,
            Topology = config.Topology,
            Health = [new EdgeProbeVerdict("node-a", PoolKind.Web, true), new EdgeProbeVerdict("node-a", PoolKind.Transfer, true)],
            SavedAt = DateTimeOffset.UtcNow,
        });
        using var host = BuildHost(snapshotPath);

        await host.StartAsync().WaitAsync("the edge host starts");
        var client = host.Services.GetRequiredService<ControlPlaneClient>();
        await Poll.UntilAsync(() => client.Serving, "the edge serves from its snapshot");
        var url = host.Services.GetRequiredService<WebProxyServer>().Urls.First(u => u.StartsWith("http:", StringComparison.Ordinal));
        using var http = new HttpClient();
        using var first = await http.GetAsync(new Uri(new Uri(url), "/hello"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("node-a", await first.Content.ReadAsStringAsync());
        var topology = host.Services.GetRequiredService<RemoteTopologySource>();
        Assert.True(topology.FromSnapshot);
        Assert.Equal(config.Version, topology.Version);
        Assert.Null(client.ConnectedTo);
        Assert.True(client.BuildReport() is { Serving: true, FromSnapshot: true, HoldsVip: false });
        await host.StopAsync().WaitAsync("the edge host stops");
    }

    [Fact]
    public async Task Stop_WhileHoldingTheVip_HealthzDownAtOnceButServesUntilTheVipLeaves()
    {
        using var directory = new TempDirectory();
        await using var node = await FakeNode.StartAsync("node-a", IPAddress.Parse("127.0.3.151"));
        var snapshotPath = Path.Combine(directory.Path, "snapshot.json");
        // 127.0.0.1 is always an address of this host: to the edge, it holds the VIP and it never leaves.
        WriteSnapshot(snapshotPath, IPAddress.Loopback, node);
        var trackFile = Path.Combine(directory.Path, "run", "vrrp");
        using var host = BuildHost(snapshotPath, new Dictionary<string, string?> { ["EdgeHost:StopGrace"] = "00:01:00", ["EdgeHost:VrrpTrackFile"] = trackFile });
        await host.StartAsync().WaitAsync("the edge host starts");
        var client = host.Services.GetRequiredService<ControlPlaneClient>();
        await Poll.UntilAsync(() => client.Serving, "the edge serves from its snapshot");
        Assert.Equal("0\n", File.ReadAllText(trackFile));
        var url = new Uri(host.Services.GetRequiredService<WebProxyServer>().Urls.First(u => u.StartsWith("http:", StringComparison.Ordinal)));
        using var http = new HttpClient();
        using var handOver = new CancellationTokenSource();

        var stopping = host.StopAsync(handOver.Token);
        await Poll.UntilAsync(() => !client.Serving, "/healthz turns 503 at once");
        Assert.Equal("1\n", File.ReadAllText(trackFile));
        using var during = await http.GetAsync(new Uri(url, "/during"));
        Assert.False(stopping.IsCompleted);
        await handOver.CancelAsync();
        await stopping.WaitAsync("the edge stops once the hand-over is given up");

        Assert.Equal(HttpStatusCode.OK, during.StatusCode);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync(new Uri(url, "/after")));
    }

    [Fact]
    public async Task Start_NoSnapshotAndNoControlPlane_DoesNotServe()
    {
        using var directory = new TempDirectory();
        var snapshotPath = Path.Combine(directory.Path, "snapshot.json");
        File.WriteAllText(snapshotPath, "{ damaged");
        using var host = BuildHost(snapshotPath);

        await host.StartAsync().WaitAsync("the edge host starts");
        var client = host.Services.GetRequiredService<ControlPlaneClient>();

        Assert.False(client.Serving);
        Assert.False(host.Services.GetRequiredService<RemoteTopologySource>().HasConfiguration);
        Assert.Equal(new EdgeReport { StartedAt = client.BuildReport().StartedAt, SoftwareVersion = client.BuildReport().SoftwareVersion }, client.BuildReport() with { Counters = [], Probes = [] });
        await host.StopAsync().WaitAsync("the edge host stops");
    }

    private static void WriteSnapshot(string path, IPAddress vip, FakeNode node)
    {
        var config = TopologyJson.ToConfig(new ClusterTopology
        {
            Settings = new ClusterSettings { Vip = vip, Ports = new ClusterPorts { Web = 0, WebTls = 0, Ssh = 0, Fasp = 0, FaspRangeEnd = 0 } },
            Nodes = [new NodeState(node.Definition)],
            ActiveNode = node.Name,
        });
        new EdgeSnapshotFile(path).Write(new EdgeSnapshot
        {
            Version = config.Version,
            Topology = config.Topology,
            Health = [new EdgeProbeVerdict(node.Name, PoolKind.Web, true), new EdgeProbeVerdict(node.Name, PoolKind.Transfer, true)],
            SavedAt = DateTimeOffset.UtcNow,
        });
    }

    private static IHost BuildHost(string snapshotPath, IDictionary<string, string?>? extra = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EdgeHost:Name"] = "edge-test",
            // Nothing listens there: every connect is refused at once.
            ["EdgeHost:ControlPlaneUrls:0"] = "http://127.0.3.150:9",
            ["EdgeHost:Token"] = "test-token",
            ["EdgeHost:SnapshotPath"] = snapshotPath,
            ["Dns:Enabled"] = "false",
            ["Edge:TransferPath"] = "Relay",
        });
        builder.Configuration.AddInMemoryCollection(extra ?? new Dictionary<string, string?>());
        builder.Services.AddLogging();
        builder.Services.AddSharesRemoteEdge(builder.Configuration);
        return builder.Build();
    }
}
