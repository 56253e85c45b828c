using System.Net;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Transfer.Kernel;

namespace SharesConsole.Edge.Tests.Transfer.Kernel;

public sealed class KernelLayoutTests
{
    private static ClusterTopology Topology(string vip = "10.0.0.1", int ssh = 33001, int nodeSsh2 = 33001, int nodeFasp2 = 33001, int rangeEnd = 33100) => new()
    {
        Settings = new ClusterSettings
        {
            Vip = IPAddress.Parse(vip),
            WebFqdn = "shares.test",
            Ports = new ClusterPorts { Ssh = ssh, Fasp = 33001, FaspRangeEnd = rangeEnd },
        },
        Nodes =
        [
            new NodeState(Node("node-a", "10.0.1.1", 33001, 33001)),
            new NodeState(Node("node-b", "10.0.1.2", nodeSsh2, nodeFasp2)),
        ],
    };

    private static NodeDefinition Node(string name, string address, int ssh, int fasp) => new()
    {
        Name = name,
        ManagementAddress = IPAddress.Parse(address),
        PublicAddress = IPAddress.Parse(address),
        PrivateAddress = IPAddress.Parse(address),
        Ports = new NodePorts { Ssh = ssh, Fasp = fasp },
    };

    [Fact]
    public void TryCreate_UsualCluster_Layout()
    {
        var layout = KernelLayout.TryCreate(Topology(), "t", false, out var reason);

        Assert.Null(reason);
        Assert.NotNull(layout);
        Assert.Equal((33001, 33001, 33100, (int?)null), (layout.NodeSshPort, layout.FaspFirst, layout.FaspLast, layout.NodeFaspPort));
        Assert.Equal(["node-a", "node-b"], layout.Nodes.Select(n => n.Name));
    }

    [Theory]
    [InlineData("fd00::1", 33001, 33001, 33001, 33100, "not IPv4")]
    [InlineData("10.0.0.1", 0, 33001, 33001, 33100, "ephemeral")]
    [InlineData("10.0.0.1", 33001, 22, 33001, 33100, "SSH on different ports")]
    [InlineData("10.0.0.1", 33001, 33001, 4000, 33100, "FASP on different ports")]
    public void TryCreate_UnsuitedTopology_NullWithReason(string vip, int ssh, int nodeSsh2, int nodeFasp2, int rangeEnd, string expected)
    {
        var layout = KernelLayout.TryCreate(Topology(vip, ssh, nodeSsh2, nodeFasp2, rangeEnd), "t", false, out var reason);

        Assert.Null(layout);
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_SameTopology_Equal_OtherVip_Differs()
    {
        var one = KernelLayout.TryCreate(Topology(), "t", false, out _)!;

        Assert.Equal(one.Key, KernelLayout.TryCreate(Topology(), "t", false, out _)!.Key);
        Assert.NotEqual(one.Key, KernelLayout.TryCreate(Topology(vip: "10.0.0.2"), "t", false, out _)!.Key);
    }
}
