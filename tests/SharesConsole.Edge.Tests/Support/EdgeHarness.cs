using System.Collections.Immutable;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Counters;
using SharesConsole.Edge.Drain;
using SharesConsole.Edge.Health;
using SharesConsole.Edge.Pools;
using SharesConsole.Edge.Transfer;
using SharesConsole.Edge.Web;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Edge.Tests.Support;

/// <summary>An edge registered through AddSharesEdge on a test VIP (ports 0 unless given), with its nodes.</summary>
internal sealed class EdgeHarness : IAsyncDisposable
{
    public static readonly IPAddress Vip = IPAddress.Parse("127.0.3.1");

    /// <summary>Both web forwarders, for behaviour tests that must hold on each (<c>Edge:WebForwarder</c>).</summary>
    /// <summary>The connection forwarder on the edge's epoll loop and on the runtime's sockets, and YARP.</summary>
    public static TheoryData<string> WebForwarders => ["Connection", "Connection+Sockets", "Yarp"];

    /// <summary>The connection forwarder on each socket layer, for what only it does (its own timeouts, interim responses).</summary>
    public static TheoryData<string> ConnectionForwarders => ["Connection", "Connection+Sockets"];

    /// <summary>Edge settings that choose a web forwarder ("+Sockets": on Kestrel's socket transport), plus any others.</summary>
    public static Dictionary<string, string?> Web(string forwarder, params (string Key, string? Value)[] more)
    {
        var sockets = forwarder.EndsWith("+Sockets", StringComparison.Ordinal);
        var settings = new Dictionary<string, string?>
        {
            ["Edge:WebForwarder"] = sockets ? forwarder[..^"+Sockets".Length] : forwarder,
            ["Edge:WebTransport"] = sockets ? "Sockets" : "Auto",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    private readonly ServiceProvider _services;
    private readonly List<IHostedService> _hosted;

    private EdgeHarness(ServiceProvider services, InMemoryTopologySource topology, IReadOnlyList<FakeNode> nodes)
    {
        _services = services;
        _hosted = [.. services.GetServices<IHostedService>()];
        Topology = topology;
        Nodes = nodes;
    }

    public InMemoryTopologySource Topology { get; }

    public IReadOnlyList<FakeNode> Nodes { get; }

    public NodeHealthMonitor Health => _services.GetRequiredService<NodeHealthMonitor>();

    public IEdgeCounters Counters => _services.GetRequiredService<IEdgeCounters>();

    /// <summary>
    /// Whether the forwarders see the node in the pool. The pools are rebuilt just after a health verdict changes, so
    /// a test that sends traffic waits for this rather than for <see cref="NodeHealthMonitor.IsUp"/>.
    /// </summary>
    public bool InPool(string node, PoolKind pool)
    {
        var current = _services.GetRequiredService<EdgePools>().Current;
        return pool == PoolKind.Web ? current.Web.Any(d => d.Node == node) : current.Transfer.Contains(node);
    }

    public TransferListeners Transfer => _services.GetRequiredService<TransferListeners>();

    public ClientPins Pins => _services.GetRequiredService<TransferContext>().Pins;

    public TransferContext TransferContext => _services.GetRequiredService<TransferContext>();

    public DrainRegistry Drain => _services.GetRequiredService<DrainRegistry>();

    public Uri WebUrl => new(_services.GetRequiredService<WebProxyServer>().Urls.First(u => u.StartsWith("http:", StringComparison.Ordinal)));

    public IPEndPoint TcpEndpoint => Transfer.TcpEndpoint ?? throw new InvalidOperationException("TCP listener closed");

    public IPEndPoint UdpEndpoint => Transfer.UdpEndpoints[0];

    /// <param name="time">
    /// A fake clock lets idle timeouts and the drain deadline pass only when the test advances it, so no slow step can
    /// trip them early. Probes then run once at start and again only when the test advances the clock.
    /// </param>
    public static async Task<EdgeHarness> StartAsync(
        IReadOnlyList<FakeNode> nodes,
        IDictionary<string, string?>? edgeSettings = null,
        ArchitectureType architecture = ArchitectureType.RedirectAll,
        int webTlsPort = 0,
        IPAddress? vip = null,
        TimeProvider? time = null)
    {
        // A node the test killed refuses connections at once, so long timeouts cost nothing there; short ones would
        // let a stalled but healthy node count as failed and send a client elsewhere.
        // The relay unless a test asks for the kernel path: edges of parallel tests must not share the one nftables table.
        var settings = new Dictionary<string, string?> { ["Edge:ConnectTimeout"] = "00:00:10", ["Edge:TransferPath"] = "Relay" };
        foreach (var pair in edgeSettings ?? new Dictionary<string, string?>())
        {
            settings[pair.Key] = pair.Value;
        }

        var topology = new InMemoryTopologySource(new ClusterTopology
        {
            Settings = new ClusterSettings
            {
                Architecture = architecture,
                Vip = vip ?? Vip,
                WebFqdn = "shares.test",
                Ports = new ClusterPorts { Web = 0, WebTls = webTlsPort, Ssh = 0, Fasp = 0, FaspRangeEnd = 0 },
                // A healthy node stays in: a probe fails only after seconds and five must fail in a row. A killed node
                // refuses every probe and is out after about a second; tests wait for that by condition.
                HealthCheck = new HealthCheckSettings
                {
                    Interval = TimeSpan.FromMilliseconds(200),
                    Timeout = TimeSpan.FromSeconds(5),
                    Fall = 5,
                    Rise = 2,
                },
            },
            Nodes = [.. nodes.Select(n => new NodeState(n.Definition))],
        });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IClusterTopologySource>(topology);
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddSharesEdge(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var harness = new EdgeHarness(provider, topology, nodes);
        foreach (var hosted in harness._hosted)
        {
            await hosted.StartAsync(CancellationToken.None).WaitAsync($"{hosted.GetType().Name} starts");
        }

        if (!string.Equals(settings.GetValueOrDefault("Edge:Enabled"), "false", StringComparison.OrdinalIgnoreCase))
        {
            await harness.WaitForFullPoolsAsync(
                architecture == ArchitectureType.RedirectAll ? [PoolKind.Web, PoolKind.Transfer] : [PoolKind.Web]);
        }

        return harness;
    }

    /// <param name="firstAddress">Last byte of the first node's 127.0.3.x address.</param>
    public static async Task<IReadOnlyList<FakeNode>> NodesAsync(int count, bool tls = false, int firstAddress = 11)
    {
        var nodes = new List<FakeNode>();
        for (var i = 0; i < count; i++)
        {
            var name = $"node-{(char)('a' + i)}";
            nodes.Add(await FakeNode.StartAsync(name, IPAddress.Parse($"127.0.3.{firstAddress + i}"), tls).WaitAsync($"{name} starts"));
        }

        return nodes;
    }

    /// <summary>
    /// Waits until every node is up in the given pools (StartAsync does it for the pools of the architecture). A probe that failed on a loaded machine leaves a node out
    /// until it rises again, and a test that records which node serves a client would then see clients move later.
    /// </summary>
    public Task WaitForFullPoolsAsync(params PoolKind[] pools) =>
        Poll.UntilAsync(() => Nodes.All(n => pools.All(p => InPool(n.Name, p))), "every node is in the pools");

    public void SetIntent(string node, OperatorIntent intent) => Topology.Update(t => t with
    {
        Nodes = [.. t.Nodes.Select(n => n.Name == node ? n with { Intent = intent } : n)],
    });

    public void SetArchitecture(ArchitectureType architecture) =>
        Topology.Update(t => t with { Settings = t.Settings with { Architecture = architecture } });

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in _hosted)
        {
            await hosted.StopAsync(CancellationToken.None).WaitAsync($"{hosted.GetType().Name} stops");
        }

        await _services.DisposeAsync().WaitAsync("the edge's services are disposed");
        foreach (var node in Nodes)
        {
            await node.DisposeAsync().WaitAsync($"{node.Name} stops");
        }
    }
}
