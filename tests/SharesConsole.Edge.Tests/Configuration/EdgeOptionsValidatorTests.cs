using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Lab;
using SharesConsole.Edge.Configuration;

namespace SharesConsole.Edge.Tests.Configuration;

public sealed class EdgeOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        Assert.True(new EdgeOptionsValidator().Validate(null, new EdgeOptions()).Succeeded);
    }

    [Fact]
    public void Validate_TrustedProxiesAddressesAndNetworks_Succeeds()
    {
        var options = new EdgeOptions { TrustedProxies = ["10.0.0.5", "10.1.0.0/16", "fd00::/8", "::1"] };

        Assert.True(new EdgeOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_ManyBadValues_ReportsEveryKey()
    {
        var options = new EdgeOptions
        {
            UdpIdleTimeout = TimeSpan.Zero,
            TcpIdleTimeout = TimeSpan.FromSeconds(-1),
            MaxTcpConnections = 0,
            DrainDeadline = TimeSpan.FromSeconds(-5),
            CertificatePath = "/nonexistent/edge.pfx",
            WebProbePath = "health",
            CookieAffinity = true,
            AffinityCookieName = " ",
            MaxTcpConnectionsPerSource = 0,
            MaxUdpFlowsPerSource = -1,
            TrustedProxies = ["10.0.0.0/33", "proxy.example"],
        };

        var result = new EdgeOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        foreach (var key in new[] { "UdpIdleTimeout", "TcpIdleTimeout", "MaxTcpConnections", "DrainDeadline", "CertificatePath", "WebProbePath", "AffinityCookieName", "MaxTcpConnectionsPerSource", "MaxUdpFlowsPerSource", "TrustedProxies" })
        {
            Assert.Contains(result.Failures!, f => f.Contains($"Edge:{key}", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("1table")]
    [InlineData("edge; flush ruleset")]
    [InlineData("edge-table")]
    public void Validate_KernelTableNotAPlainName_Fails(string table)
    {
        var result = new EdgeOptionsValidator().Validate(null, new EdgeOptions { KernelTable = table });

        Assert.Contains(result.Failures!, f => f.Contains("Edge:KernelTable", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_UnknownTransferPathAndZeroRefresh_ReportsBoth()
    {
        var result = new EdgeOptionsValidator().Validate(null, new EdgeOptions { TransferPath = (TransferPath)7, KernelRefreshInterval = TimeSpan.Zero });

        Assert.Contains(result.Failures!, f => f.Contains("Edge:TransferPath", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Edge:KernelRefreshInterval", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_UnknownWebForwarderAndTransport_ReportsBoth()
    {
        var result = new EdgeOptionsValidator().Validate(null, new EdgeOptions { WebForwarder = (WebForwarderKind)9, WebTransport = (WebTransportKind)9 });

        Assert.Contains(result.Failures!, f => f.Contains("Edge:WebForwarder", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Edge:WebTransport", StringComparison.Ordinal));
    }

    [Fact]
    public void AddSharesEdge_BadConfiguration_StopsResolutionNamingTheKey()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Edge:MaxUdpFlows"] = "-1" })
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IClusterTopologySource>(new InMemoryTopologySource(LabDefaults.Topology));
        services.AddSharesEdge(configuration);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<EdgeOptions>>().Value);

        Assert.Contains("Edge:MaxUdpFlows", error.Message, StringComparison.Ordinal);
    }
}
