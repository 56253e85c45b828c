using System.Net;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Remote;

namespace SharesConsole.Edge.Tests.Remote;

public sealed class TopologyJsonTests
{
    private static ClusterTopology Sample() => new()
    {
        Settings = new ClusterSettings
        {
            Vip = IPAddress.Parse("10.0.0.20"),
            Architecture = ArchitectureType.WebOnly,
            WebFqdn = "shares.test",
            Ports = new ClusterPorts { Web = 8080, WebTls = 8443, Ssh = 33001, Fasp = 33001, FaspRangeEnd = 33010 },
            HealthCheck = new HealthCheckSettings { Interval = TimeSpan.FromMilliseconds(500), Fall = 4 },
        },
        Nodes =
        [
            new NodeState(new NodeDefinition { Name = "node-a", ManagementAddress = IPAddress.Parse("10.0.0.21"), PublicAddress = IPAddress.Parse("192.0.2.21"), PrivateAddress = IPAddress.Parse("10.1.0.21"), Weight = 3 }),
            new NodeState(new NodeDefinition { Name = "node-b", ManagementAddress = IPAddress.Parse("10.0.0.22"), PublicAddress = IPAddress.Parse("192.0.2.22"), PrivateAddress = IPAddress.Parse("10.1.0.22") }, OperatorIntent.Drained | OperatorIntent.Maintenance),
        ],
        ActiveNode = "node-a",
        Epoch = 7,
    };

    [Fact]
    public void Config_ParsedBack_IsTheSameTopologyAndVersion()
    {
        var config = TopologyJson.ToConfig(Sample());

        var parsed = TopologyJson.Parse(config.Topology);

        Assert.Equal(config.Version, TopologyJson.ToConfig(parsed).Version);
        Assert.Equal(IPAddress.Parse("10.0.0.20"), parsed.Settings.Vip);
        Assert.Equal(ArchitectureType.WebOnly, parsed.Settings.Architecture);
        Assert.Equal(33010, parsed.Settings.Ports.FaspRangeEnd);
        Assert.Equal(TimeSpan.FromMilliseconds(500), parsed.Settings.HealthCheck.Interval);
        Assert.Equal(OperatorIntent.Drained | OperatorIntent.Maintenance, parsed.Find("node-b")!.Intent);
        Assert.Equal(IPAddress.Parse("10.1.0.21"), parsed.Find("node-a")!.Node.PrivateAddress);
        Assert.Equal(3, parsed.Find("node-a")!.Node.Weight);
        Assert.Equal(("node-a", 7L), (parsed.ActiveNode, parsed.Epoch));
    }

    [Fact]
    public void Config_AnyChange_ChangesTheVersion()
    {
        var before = TopologyJson.ToConfig(Sample()).Version;
        var drained = Sample() with { Nodes = [.. Sample().Nodes.Select(n => n with { Intent = OperatorIntent.Drained })] };

        Assert.NotEqual(before, TopologyJson.ToConfig(drained).Version);
        Assert.Equal(before, TopologyJson.ToConfig(Sample()).Version);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[1,2]")]
    [InlineData("{\"settings\":{\"vip\":\"not-an-address\"},\"nodes\":[]}")]
    [InlineData("{\"nodes\":[]}")]
    [InlineData("{\"settings\":{\"vip\":\"10.0.0.1\"}}")]
    public void Parse_NotATopology_ClearFormatException(string json)
    {
        var error = Assert.Throws<FormatException>(() => TopologyJson.Parse(json));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }
}
