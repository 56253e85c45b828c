using System.Net;
using SharesConsole.Core.Cluster;

namespace SharesConsole.Core.Tests.Cluster;

public sealed class InMemoryTopologySourceTests
{
    internal static ClusterTopology Topology(params string[] nodes) => new()
    {
        Settings = new ClusterSettings { Vip = IPAddress.Parse("127.0.0.20") },
        Nodes = [.. nodes.Select((n, i) => new NodeState(new NodeDefinition
        {
            Name = n,
            ManagementAddress = IPAddress.Parse($"127.0.0.{21 + i}"),
            PublicAddress = IPAddress.Parse($"127.0.0.{21 + i}"),
            PrivateAddress = IPAddress.Parse($"127.0.0.{21 + i}"),
        }))],
        ActiveNode = nodes.FirstOrDefault(),
        Epoch = 1,
    };

    [Fact]
    public void Update_PublishesTheNewSnapshot()
    {
        var source = new InMemoryTopologySource(Topology("node-a", "node-b"));
        ClusterTopology? seen = null;
        source.Changed += (_, t) => seen = t;

        var after = source.Update(t => t with { ActiveNode = "node-b", Epoch = t.Epoch + 1 });

        Assert.Same(after, source.Current);
        Assert.Same(after, seen);
        Assert.Equal(("node-b", 2L), (source.Current.ActiveNode, source.Current.Epoch));
    }

    [Fact]
    public async Task Update_ConcurrentIncrements_LoseNone()
    {
        var source = new InMemoryTopologySource(Topology("node-a"));

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                source.Update(t => t with { Epoch = t.Epoch + 1 });
            }
        })));

        Assert.Equal(8001, source.Current.Epoch);
    }
}
