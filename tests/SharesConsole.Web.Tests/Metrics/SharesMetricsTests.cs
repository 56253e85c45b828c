using System.Collections.Immutable;
using Microsoft.Extensions.Time.Testing;
using SharesConsole.ControlPlane.State;
using SharesConsole.Core.Agents;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Lab;
using SharesConsole.Core.State;
using SharesConsole.Edge.Counters;
using SharesConsole.Edge.Remote;
using SharesConsole.Web.Edges;
using SharesConsole.Web.Metrics;
using SharesConsole.Web.Tests.Components.Support;

namespace SharesConsole.Web.Tests.Metrics;

/// <summary>The metrics view over fake state, edge and DNS counters, exported and parsed back.</summary>
public sealed class SharesMetricsTests
{
    [Fact]
    public async Task Export_EdgeCounters_AppearPerNodeAndProtocol()
    {
        var edge = new EdgeCounters();
        var web = edge.For("node-a", EdgeProtocol.Web);
        web.Started();
        web.Started();
        web.Status(200);
        web.Status(503);
        web.In(1000);
        web.Out(5000);
        edge.For("node-b", EdgeProtocol.Fasp).FlowOpened();
        using var metrics = new SharesMetrics(new FixedState(State()), new OperationTracker(), edge, new FakeDns());

        var families = await ExportAsync(metrics);

        Assert.Equal(2, Value(families, "sharesconsole_edge_requests_total", ("node", "node-a"), ("protocol", "web")));
        Assert.Equal(1, Value(families, "sharesconsole_edge_responses_total", ("node", "node-a"), ("class", "5xx")));
        Assert.Equal(1000, Value(families, "sharesconsole_edge_received_bytes_total", ("node", "node-a")));
        Assert.Equal(5000, Value(families, "sharesconsole_edge_sent_bytes_total", ("node", "node-a")));
        Assert.Equal(2, Value(families, "sharesconsole_edge_open_connections", ("node", "node-a")));
        Assert.Equal(1, Value(families, "sharesconsole_edge_open_udp_flows", ("node", "node-b"), ("protocol", "fasp")));
        Assert.Equal(42, Value(families, "sharesconsole_dns_queries_total", ("result", "answered")));
    }

    [Fact]
    public async Task Export_KernelTransferPath_GaugeNamesIt()
    {
        using var metrics = new SharesMetrics(new FixedState(State()), new OperationTracker(), new EdgeCounters(), transferPath: new FixedPath());

        var families = await ExportAsync(metrics);

        Assert.Equal(1, Value(families, "sharesconsole_edge_transfer_path", ("path", "kernel")));
        Assert.Equal(0, Value(families, "sharesconsole_edge_transfer_path", ("path", "relay")));
    }

    private sealed class FixedPath : SharesConsole.Edge.Transfer.Kernel.ITransferPathInfo
    {
        public SharesConsole.Edge.Configuration.TransferPath? Active => SharesConsole.Edge.Configuration.TransferPath.Kernel;

        public string Reason => "test";
    }

    [Fact]
    public async Task Export_CountersGrowBetweenScrapes()
    {
        var edge = new EdgeCounters();
        var ssh = edge.For("node-a", EdgeProtocol.Ssh);
        ssh.Started();
        using var metrics = new SharesMetrics(new FixedState(State()), new OperationTracker(), edge);
        var first = Value(await ExportAsync(metrics), "sharesconsole_edge_requests_total", ("protocol", "ssh"));

        ssh.Started();
        ssh.Started();
        var second = Value(await ExportAsync(metrics), "sharesconsole_edge_requests_total", ("protocol", "ssh"));

        Assert.Equal(1, first);
        Assert.Equal(3, second);
    }

    [Fact]
    public async Task Export_FinishedOperations_CountedOnceWithDuration()
    {
        var tracker = new OperationTracker();
        using var metrics = new SharesMetrics(new FixedState(State()), tracker);
        var start = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var op = new OperationSummary { Id = Guid.NewGuid(), Kind = OperationKind.Failover, Status = OperationStatus.Running, CreatedAt = start };

        tracker.Update(op);
        tracker.Update(op with { Status = OperationStatus.Succeeded, EndedAt = start.AddSeconds(7) });
        tracker.Update(op with { Status = OperationStatus.Succeeded, EndedAt = start.AddSeconds(7) });
        var families = await ExportAsync(metrics);

        Assert.Equal(1, Value(families, "sharesconsole_failovers_total", ("kind", "failover"), ("status", "succeeded")));
        var count = families["sharesconsole_failover_duration_seconds"].Samples.Single(s => s.Name.EndsWith("_count", StringComparison.Ordinal));
        var sum = families["sharesconsole_failover_duration_seconds"].Samples.Single(s => s.Name.EndsWith("_sum", StringComparison.Ordinal));
        Assert.Equal(1, count.Value);
        Assert.Equal(7, sum.Value);
    }

    [Fact]
    public async Task Export_HeartbeatAges_OnlyForNodesThatReported()
    {
        var state = State() with
        {
            Nodes = [.. State().Nodes.Select(n => n.Name == "node-a" ? n with { HeartbeatAge = TimeSpan.FromMilliseconds(1500), AgentConnected = true } : n)],
        };
        using var metrics = new SharesMetrics(new FixedState(state), new OperationTracker());

        var families = await ExportAsync(metrics);

        var ages = families["sharesconsole_node_heartbeat_age_seconds"].Samples;
        Assert.Equal(1.5, Assert.Single(ages).Value);
        Assert.Equal("node-a", ages[0].Labels["node"]);
    }

    [Fact]
    public async Task Export_StorageProbe_PerNodeThatProbesOnly()
    {
        var storage = new StorageHealth
        {
            Path = "/mnt/shares", Status = StorageStatus.ReadOnly, FitForActive = false, ConsecutiveFailures = 3, LatencyMs = 12, FreeBytes = 5_000_000,
            DiskHeartbeatOk = false, DiskHeartbeatError = "no slot written for 9 s",
        };
        var state = State() with { Nodes = [.. State().Nodes.Select(n => n.Name == "node-a" ? n with { Storage = storage } : n)] };
        using var metrics = new SharesMetrics(new FixedState(state), new OperationTracker());

        var families = await ExportAsync(metrics);

        Assert.Equal(0, Value(families, "sharesconsole_node_storage_fit", ("node", "node-a")));
        Assert.Equal(1, Value(families, "sharesconsole_node_storage_status", ("node", "node-a"), ("status", "readonly")));
        Assert.Equal(0, Value(families, "sharesconsole_node_storage_status", ("node", "node-a"), ("status", "ok")));
        Assert.Equal(0.012, Value(families, "sharesconsole_node_storage_latency_seconds", ("node", "node-a")), 6);
        Assert.Equal(5_000_000, Value(families, "sharesconsole_node_storage_free_bytes", ("node", "node-a")));
        Assert.Equal(3, Value(families, "sharesconsole_node_storage_consecutive_failures", ("node", "node-a")));
        Assert.Equal(0, Value(families, "sharesconsole_node_disk_heartbeat_ok", ("node", "node-a")));
        Assert.All(families["sharesconsole_node_disk_heartbeat_ok"].Samples, s => Assert.Equal("node-a", s.Labels["node"]));
        Assert.All(families["sharesconsole_node_storage_fit"].Samples, s => Assert.Equal("node-a", s.Labels["node"]));
    }

    [Fact]
    public async Task Export_Edges_UpVipConfigurationCurrentAndLastContactPerEdge()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var (registry, edges) = Edges(time);
        var wanted = edges.Live().WantedVersion;
        registry.OnConnected("edge-a", "c1", "10.0.0.11:40000");
        registry.OnReport("edge-a", "c1", new EdgeReport { ConfigVersion = wanted, Serving = true, HoldsVip = true });
        registry.OnConnected("edge-b", "c2", "10.0.0.12:40000");
        registry.OnReport("edge-b", "c2", new EdgeReport { ConfigVersion = "0123456789abcdef", Serving = true });
        time.Advance(TimeSpan.FromMilliseconds(1500));
        registry.OnReport("edge-b", "c2", new EdgeReport { ConfigVersion = "0123456789abcdef", Serving = true });
        using var metrics = new SharesMetrics(new FixedState(State()), new OperationTracker(), edges: edges);

        var families = await ExportAsync(metrics);

        Assert.Equal(1, Value(families, "sharesconsole_edge_up", ("edge", "edge-a")));
        Assert.Equal(1, Value(families, "sharesconsole_edge_up", ("edge", "edge-b")));
        Assert.Equal(1, Value(families, "sharesconsole_edge_holds_vip", ("edge", "edge-a")));
        Assert.Equal(0, Value(families, "sharesconsole_edge_holds_vip", ("edge", "edge-b")));
        Assert.Equal(1, Value(families, "sharesconsole_edge_config_current", ("edge", "edge-a")));
        Assert.Equal(0, Value(families, "sharesconsole_edge_config_current", ("edge", "edge-b")));
        Assert.Equal(1.5, Value(families, "sharesconsole_edge_last_contact_seconds", ("edge", "edge-a")), 6);
        Assert.Equal(0, Value(families, "sharesconsole_edge_last_contact_seconds", ("edge", "edge-b")), 6);
        Assert.All(
            new[] { "sharesconsole_edge_up", "sharesconsole_edge_holds_vip", "sharesconsole_edge_config_current", "sharesconsole_edge_last_contact_seconds" },
            name =>
            {
                Assert.Equal("gauge", families[name].Type);
                Assert.NotEmpty(families[name].Help);
                Assert.Equal(2, families[name].Samples.Count);
            });
    }

    [Fact]
    public async Task Export_EdgeSilentThenRemoved_DownThenItsSeriesGone()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var (registry, edges) = Edges(time);
        registry.OnConnected("edge-a", "c1", null);
        registry.OnReport("edge-a", "c1", new EdgeReport { ConfigVersion = edges.Live().WantedVersion, Serving = true, HoldsVip = true });
        registry.OnConnected("edge-b", "c2", null);
        using var metrics = new SharesMetrics(new FixedState(State()), new OperationTracker(), edges: edges);
        Assert.Equal(1, Value(await ExportAsync(metrics), "sharesconsole_edge_holds_vip", ("edge", "edge-a")));

        time.Advance(EdgeRegistry.StaleAfter + TimeSpan.FromSeconds(1));
        var silent = await ExportAsync(metrics);
        registry.Forget("edge-a");
        var removed = await ExportAsync(metrics);

        Assert.Equal(0, Value(silent, "sharesconsole_edge_up", ("edge", "edge-a")));
        Assert.Equal(0, Value(silent, "sharesconsole_edge_holds_vip", ("edge", "edge-a")));
        Assert.Equal(6, Value(silent, "sharesconsole_edge_last_contact_seconds", ("edge", "edge-a")), 6);
        Assert.Equal(["edge-b"], removed["sharesconsole_edge_up"].Samples.Select(s => s.Labels["edge"]));
        Assert.Equal(["edge-b"], removed["sharesconsole_edge_last_contact_seconds"].Samples.Select(s => s.Labels["edge"]));
    }

    [Fact]
    public async Task Export_NoEdgeSource_NoEdgeSeries()
    {
        using var metrics = new SharesMetrics(new FixedState(State()), new OperationTracker());

        var families = await ExportAsync(metrics);

        Assert.False(families.ContainsKey("sharesconsole_edge_up"));
    }

    [Fact]
    public void Registries_TwoInstances_DoNotShareSeries()
    {
        using var a = new SharesMetrics(new FixedState(State()), new OperationTracker());
        using var b = new SharesMetrics(new FixedState(State()), new OperationTracker());

        Assert.NotSame(a.Registry, b.Registry);
    }

    [Fact]
    public void Parser_MalformedText_Throws()
    {
        Assert.Throws<FormatException>(() => PrometheusText.Parse("# TYPE x gauge\nx{a=\"1\" 2\n"));
        Assert.Throws<FormatException>(() => PrometheusText.Parse("y 2\n"));
        Assert.Throws<FormatException>(() => PrometheusText.Parse("# TYPE x gauge\nx two\n"));
    }

    private static double Value(IReadOnlyDictionary<string, PrometheusText.Family> families, string name, params (string Label, string Value)[] labels) =>
        families[name].Samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Label) == l.Value)).Sum(s => s.Value);

    private static async Task<IReadOnlyDictionary<string, PrometheusText.Family>> ExportAsync(SharesMetrics metrics)
    {
        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream);
        return PrometheusText.Parse(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static (EdgeRegistry Registry, EdgeBoardSource Edges) Edges(FakeTimeProvider time)
    {
        var registry = new EdgeRegistry(time);
        var config = new EdgeConfigPublisher(new InMemoryTopologySource(LabDefaults.Topology), new NoHubContext<EdgeHub>());
        return (registry, new EdgeBoardSource(registry, new FakeEdgeDirectory(time), config, time));
    }

    private static ClusterState State() => ClusterStateBuilder.Build(
        1, DateTimeOffset.UnixEpoch, LabDefaults.Topology, LabDefaults.Catalog, new Dictionary<string, AgentReport>(), new NoHealth(), TimeSpan.FromSeconds(3));

    private sealed class FixedState(ClusterState state) : IClusterStateSource
    {
        public ClusterState Current => state;

        public IAsyncEnumerable<ClusterState> WatchAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class NoHealth : INodeHealthSource
    {
        public event EventHandler? Changed { add { } remove { } }

        public bool IsUp(string node, PoolKind pool) => false;
    }

    private sealed class FakeDns : IDnsQueryCounter
    {
        public IReadOnlyList<(string Result, long Count)> Snapshot() => [("answered", 42), ("nxdomain", 3)];
    }
}
