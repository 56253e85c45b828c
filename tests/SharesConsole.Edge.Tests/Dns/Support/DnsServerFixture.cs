using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Dns;
using SharesConsole.Edge.Dns.Transport;
using SharesConsole.Tests.Common.Logging;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Edge.Tests.Dns.Support;

/// <summary>
/// A real host running the responder through <see cref="DnsServiceCollectionExtensions.AddSharesDns"/> on a
/// loopback address of the DNS block (127.0.4.0/24) and a free port.
/// </summary>
public sealed class DnsServerFixture : IAsyncDisposable
{
    private readonly IHost _host;

    private DnsServerFixture(IHost host, InMemoryTopologySource topology, FakeNodeHealth health, IPEndPoint endpoint, ListLoggerProvider logs)
    {
        _host = host;
        Logs = logs;
        Topology = topology;
        Health = health;
        Endpoint = endpoint;
    }

    public InMemoryTopologySource Topology { get; }

    public FakeNodeHealth Health { get; }

    public IPEndPoint Endpoint { get; }

    public ListLoggerProvider Logs { get; }

    public IServiceProvider Services => _host.Services;

    public static async Task<DnsServerFixture> StartAsync(string address, ClusterTopology topology,
        IDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dns:Listen:0"] = address,
            ["Dns:Port"] = "0",
            ["Dns:UdpReceiveLoops"] = "2",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var logs = new ListLoggerProvider();
        builder.Logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Debug).AddProvider(logs);
        var source = new InMemoryTopologySource(topology);
        var health = new FakeNodeHealth();
        builder.Services.AddSingleton<IClusterTopologySource>(source);
        builder.Services.AddSingleton<INodeHealthSource>(health);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddSharesDns(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync().WaitAsync("the DNS host starts");
        var endpoint = host.Services.GetRequiredService<DnsHostedService>().Endpoints.Single();
        return new DnsServerFixture(host, source, health, endpoint, logs);
    }

    /// <summary>A UDP socket on loopback, for queries that need to share one client port.</summary>
    public Socket UdpClient()
    {
        var client = new Socket(Endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return client;
    }

    /// <summary>A UDP query from a fresh socket and its reply.</summary>
    public async Task<byte[]> UdpAsync(byte[] query)
    {
        using var client = UdpClient();
        return await UdpAsync(client, query);
    }

    /// <summary>
    /// Sends a UDP query and returns the first datagram that comes back. Like a stub resolver, the query is sent again
    /// after a growing wait: a loaded machine may answer late, or a full socket buffer may drop it.
    /// </summary>
    public async Task<byte[]> UdpAsync(Socket client, byte[] query)
    {
        var buffer = new byte[65535];
        var clock = Stopwatch.StartNew();
        for (var wait = TimeSpan.FromSeconds(2); clock.Elapsed < Bounded.DefaultCap; wait *= 2)
        {
            await client.SendToAsync(query, SocketFlags.None, Endpoint).WaitAsync($"sending a query to {Endpoint}");
            using var timeout = new CancellationTokenSource(wait);
            try
            {
                var result = await client.ReceiveFromAsync(buffer, SocketFlags.None, Endpoint, timeout.Token);
                return buffer[..result.ReceivedBytes];
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                // Send again and wait longer.
            }
        }

        throw new TimeoutException($"no UDP reply from {Endpoint} within {Bounded.DefaultCap.TotalSeconds:0} s");
    }

    public async Task<TestMessage> UdpMessageAsync(byte[] query) => TestMessage.Parse(await UdpAsync(query));

    /// <summary>The responder's counts of queries by result (<see cref="DnsQueryCounters"/>).</summary>
    public IReadOnlyList<(string Result, long Count)> Counts => _host.Services.GetRequiredService<DnsQueryCounters>().Snapshot();

    /// <summary>How many queries the responder handled with this result ("noerror", "dropped", ...).</summary>
    public long Count(string result) => Counts.Single(c => c.Result == result).Count;

    /// <summary>Every query the responder handled, answered or dropped.</summary>
    public long Handled => Counts.Sum(c => c.Count);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().WaitAsync("the DNS host stops");
        _host.Dispose();
    }
}
