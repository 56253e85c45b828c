using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Lab;
using SharesConsole.Edge.Dns;
using SharesConsole.Edge.Tests.Dns.Support;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Edge.Tests.Dns;

public sealed class DnsOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        Assert.True(new DnsOptionsValidator().Validate(null, new DnsOptions()).Succeeded);
    }

    [Fact]
    public void Validate_EverythingWrong_ReportsEveryKey()
    {
        var options = new DnsOptions
        {
            Listen = ["127.0.4.1", "not-an-ip"],
            Port = 70000,
            NameServer = "ns.one",
            MaxUdpPayload = 100,
            MaxTcpConnections = 0,
            TcpIdleTimeout = TimeSpan.Zero,
            UdpReceiveLoops = -1,
            SocketBufferSize = -5,
        };

        var result = new DnsOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        foreach (var key in new[] { "Dns:Listen:1", "Dns:Port", "Dns:NameServer", "Dns:MaxUdpPayload", "Dns:MaxTcpConnections", "Dns:TcpIdleTimeout", "Dns:UdpReceiveLoops", "Dns:SocketBufferSize" })
        {
            Assert.Contains(result.Failures!, f => f.StartsWith(key + " ", StringComparison.Ordinal));
        }

        Assert.Equal(8, result.Failures!.Count());
    }

    [Fact]
    public void Validate_NameServersWithDualStackEdge_Succeeds()
    {
        var options = new DnsOptions
        {
            NameServers =
            [
                new() { Name = "edge1", Address = "10.0.0.31" },
                new() { Name = "edge2", Address = "10.0.0.32" },
                new() { Name = "Edge1", Address = "fd00::31" },
            ],
        };

        Assert.True(new DnsOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("ns.one", "10.0.0.32", "Dns:NameServers:1:Name")]
    [InlineData("", "10.0.0.32", "Dns:NameServers:1:Name")]
    [InlineData("-edge", "10.0.0.32", "Dns:NameServers:1:Name")]
    [InlineData("edge_2", "10.0.0.32", "Dns:NameServers:1:Name")]
    [InlineData("edge2", "10", "Dns:NameServers:1:Address")]
    [InlineData("edge2", "10.0.0.0/24", "Dns:NameServers:1:Address")]
    [InlineData("edge2", "0.0.0.0", "Dns:NameServers:1:Address")]
    [InlineData("edge2", "::", "Dns:NameServers:1:Address")]
    [InlineData("edge2", "224.0.0.18", "Dns:NameServers:1:Address")]
    [InlineData("edge2", "ff02::12", "Dns:NameServers:1:Address")]
    [InlineData("edge2", "edge2.example", "Dns:NameServers:1:Address")]
    [InlineData("edge2", "10.0.0.31", "Dns:NameServers:1:Address '10.0.0.31' is already listed at Dns:NameServers:0")]
    [InlineData("edge2", "::ffff:10.0.0.31", "Dns:NameServers:1:Address '::ffff:10.0.0.31' is already listed at Dns:NameServers:0")]
    [InlineData("EDGE1", "10.0.0.32", "Dns:NameServers:1:Name 'EDGE1' already has an IPv4 address at Dns:NameServers:0")]
    public void Validate_BadNameServerEntry_NamesTheEntry(string name, string address, string expected)
    {
        var options = new DnsOptions { NameServers = [new() { Name = "edge1", Address = "10.0.0.31" }, new() { Name = name, Address = address }] };

        var result = new DnsOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith(expected, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TooManyNameServers_SaysTheLimit()
    {
        var options = new DnsOptions
        {
            NameServers = [.. Enumerable.Range(1, DnsOptions.MaxNameServers + 1).Select(i => new DnsNameServer { Name = $"edge{i}", Address = $"10.0.0.{i}" })],
        };

        var result = new DnsOptionsValidator().Validate(null, options);

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith($"Dns:NameServers lists {DnsOptions.MaxNameServers + 1} name servers; at most {DnsOptions.MaxNameServers} ", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSharesDns_NameServersFromEnvironmentStyleKeysAndJson_BindInOrder()
    {
        // Dns__NameServers__0__Name in the environment arrives as the key Dns:NameServers:0:Name.
        var flat = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dns:NameServers:0:Name"] = "edge1",
            ["Dns:NameServers:0:Address"] = "10.0.0.31",
            ["Dns:NameServers:1:Name"] = "edge2",
            ["Dns:NameServers:1:Address"] = "fd00::32",
        }).Build();
        using var json = new MemoryStream("""{ "Dns": { "NameServers": [ { "Name": "edge1", "Address": "10.0.0.31" }, { "Name": "edge2", "Address": "fd00::32" } ] } }"""u8.ToArray());
        var fromJson = new ConfigurationBuilder().AddJsonStream(json).Build();
        DnsNameServer[] expected = [new() { Name = "edge1", Address = "10.0.0.31" }, new() { Name = "edge2", Address = "fd00::32" }];

        foreach (var configuration in new IConfiguration[] { flat, fromJson })
        {
            var services = new ServiceCollection();
            services.AddSharesDns(configuration);
            using var provider = services.BuildServiceProvider();

            Assert.Equal(expected, provider.GetRequiredService<IOptions<DnsOptions>>().Value.NameServers);
        }
    }

    [Fact]
    public async Task AddSharesDns_BadNameServer_StopsStartupNamingTheEntry()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Dns:NameServers:0:Name"] = "edge1", ["Dns:NameServers:0:Address"] = "10.0.0" });
        builder.Services.AddSingleton<IClusterTopologySource>(new InMemoryTopologySource(LabDefaults.Topology));
        builder.Services.AddSingleton<INodeHealthSource>(new FakeNodeHealth());
        builder.Services.AddSharesDns(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WaitAsync("the host refuses to start"));

        Assert.Contains("Dns:NameServers:0:Address '10.0.0'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddSharesDns_InvalidSection_StopsStartupNamingTheKey()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Dns:Port"] = "-1", ["Dns:Listen:0"] = "nope" });
        builder.Services.AddSingleton<IClusterTopologySource>(new InMemoryTopologySource(LabDefaults.Topology));
        builder.Services.AddSingleton<INodeHealthSource>(new FakeNodeHealth());
        builder.Services.AddSharesDns(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WaitAsync("the host refuses to start"));

        Assert.Contains("Dns:Port", error.Message);
        Assert.Contains("Dns:Listen:0", error.Message);
    }

    [Fact]
    public void AddSharesDns_CalledTwice_RegistersOneHostedService()
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Dns:SingleAnswer"] = "true" }).Build();

        services.AddSharesDns(configuration).AddSharesDns(configuration);
        services.AddSingleton<IClusterTopologySource>(new InMemoryTopologySource(LabDefaults.Topology));
        services.AddSingleton<INodeHealthSource>(new FakeNodeHealth());
        services.AddLogging();
        using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IHostedService>());
        Assert.True(provider.GetRequiredService<IOptions<DnsOptions>>().Value.SingleAnswer);
    }
}
