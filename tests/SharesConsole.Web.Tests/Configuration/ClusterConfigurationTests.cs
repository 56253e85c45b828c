using SharesConsole.ControlPlane.Configuration;
using SharesConsole.Core.Cluster;

namespace SharesConsole.Web.Tests.Configuration;

public sealed class ClusterConfigurationTests
{
    [Fact]
    public void TryBuild_Defaults_GiveTheLabTopology()
    {
        var errors = new List<string>();

        var topology = ClusterConfiguration.TryBuild(new ClusterOptions(), labEnabled: true, errors);

        Assert.Empty(errors);
        Assert.NotNull(topology);
        Assert.Equal(["node-a", "node-b"], topology.Nodes.Select(n => n.Name));
        Assert.Equal("node-a", topology.ActiveNode);
        Assert.Equal(8053, topology.Settings.Ports.Dns);
    }

    [Fact]
    public void TryBuild_ManyBadValues_ReportsEachKey()
    {
        var options = new ClusterOptions
        {
            Vip = "not-an-ip",
            Architecture = "Sideways",
            DnsTtlSeconds = 0,
            TransferFqdn = "transfer.other.test",
            WebPort = 70000,
            HealthFall = 0,
            LeaseSeconds = 1,
        };
        var errors = new List<string>();

        var topology = ClusterConfiguration.TryBuild(options, labEnabled: true, errors);

        Assert.Null(topology);
        foreach (var key in new[] { "Cluster:Vip", "Cluster:Architecture", "Cluster:DnsTtlSeconds", "Cluster:TransferFqdn", "Cluster:WebPort", "Cluster:HealthFall", "Cluster:LeaseSeconds" })
        {
            Assert.Contains(errors, e => e.StartsWith(key, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void TryBuild_NoNodesWithoutLab_IsAnError()
    {
        var errors = new List<string>();

        ClusterConfiguration.TryBuild(new ClusterOptions(), labEnabled: false, errors);

        Assert.Contains(errors, e => e.StartsWith("Cluster:Nodes must list", StringComparison.Ordinal));
    }

    [Fact]
    public void TryBuild_ConfiguredNodes_DuplicateAndBadAddressReported()
    {
        var options = new ClusterOptions
        {
            Nodes =
            [
                new NodeOptions { Name = "n1", Address = "10.0.0.1" },
                new NodeOptions { Name = "N1", Address = "999.1.1.1" },
            ],
            ActiveNode = "n9",
        };
        var errors = new List<string>();

        ClusterConfiguration.TryBuild(options, labEnabled: false, errors);

        Assert.Contains(errors, e => e.StartsWith("Cluster:Nodes:1:Address '999.1.1.1'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'n1' is used 2 times", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Cluster:ActiveNode 'n9'", StringComparison.Ordinal));
    }

    [Fact]
    public void TryBuild_WebOnlyWithNodes_MapsAddressesAndPreference()
    {
        var options = new ClusterOptions
        {
            Architecture = "webonly",
            Nodes =
            [
                new NodeOptions { Name = "east", Address = "10.0.0.1", PublicAddress = "192.0.2.1" },
                new NodeOptions { Name = "west", Address = "10.0.0.2", PublicAddress = "192.0.2.2", Preference = 5 },
            ],
        };
        var errors = new List<string>();

        var topology = ClusterConfiguration.TryBuild(options, labEnabled: false, errors);

        Assert.Empty(errors);
        Assert.Equal(ArchitectureType.WebOnly, topology!.Settings.Architecture);
        Assert.Equal("192.0.2.2", topology.Nodes[1].Node.PublicAddress.ToString());
        Assert.Equal("10.0.0.2", topology.Nodes[1].Node.PrivateAddress.ToString());
        Assert.Equal("east", topology.ActiveNode);
    }
}
