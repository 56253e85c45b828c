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
