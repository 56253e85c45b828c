using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Dns;
using SharesConsole.Edge.Dns.Transport;

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
        await host.StartAsync();
        var endpoint = host.Services.GetRequiredService<DnsHostedService>().Endpoints.Single();
        return new DnsServerFixture(host, source, health, endpoint, logs);
    }

    /// <summary>One UDP query and its reply (or null after the timeout).</summary>
    public async Task<byte[]?> UdpAsync(byte[] query, int timeoutMs = 2000)
    {
        using var client = new Socket(Endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await client.SendToAsync(query, SocketFlags.None, Endpoint);
        var buffer = new byte[65535];
        using var timeout = new CancellationTokenSource(timeoutMs);
        try
        {
            var result = await client.ReceiveFromAsync(buffer, SocketFlags.None, Endpoint, timeout.Token);
            return buffer[..result.ReceivedBytes];
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async Task<TestMessage> UdpMessageAsync(byte[] query)
    {
        var reply = await UdpAsync(query);
        Assert.NotNull(reply);
        return TestMessage.Parse(reply);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
