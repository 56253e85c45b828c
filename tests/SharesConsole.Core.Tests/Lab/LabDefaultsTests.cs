using SharesConsole.Core.Catalog;
using SharesConsole.Core.Lab;
using SharesConsole.Core.Placement;

namespace SharesConsole.Core.Tests.Lab;

public sealed class LabDefaultsTests
{
    [Fact]
    public void Topology_MatchesTheDesignLab()
    {
        var t = LabDefaults.Topology;

        Assert.Equal("127.0.0.20", t.Settings.Vip.ToString());
        Assert.Equal(["node-a:127.0.0.21", "node-b:127.0.0.22"], t.Nodes.Select(n => $"{n.Name}:{n.Node.PrivateAddress}"));
        Assert.Equal("node-a", t.ActiveNode);
        Assert.Equal("transfer.shares.test", t.Settings.TransferFqdn);
    }

    [Fact]
    public void Catalog_KeepsKindsAndOrderOfTheDefault()
    {
        Assert.Equal(
            ServiceCatalog.Default.Services.Select(s => (s.Name, s.Kind, s.StartOrder)),
            LabDefaults.Catalog.Services.Select(s => (s.Name, s.Kind, s.StartOrder)));
        Assert.False(LabDefaults.Catalog.Find("nginx")!.Probe.UseTls);
    }

    [Fact]
    public void Placement_OfTheLab_PutsTheGroupOnNodeA()
    {
        var plan = PlacementPlanner.Compute(
            LabDefaults.Catalog,
            [.. LabDefaults.Topology.Nodes.Select(n => new NodeCondition(n.Name, SharesConsole.Core.Cluster.NodeVerdict.Healthy))],
            LabDefaults.Topology.ActiveNode);

        Assert.Equal(DesiredState.Running, plan["shares-background", "node-a"]);
        Assert.Equal(DesiredState.Stopped, plan["shares-background", "node-b"]);
    }
}
