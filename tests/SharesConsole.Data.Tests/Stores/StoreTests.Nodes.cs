using System.Net;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.Lab;
using SharesConsole.Data.Stores;

namespace SharesConsole.Data.Tests.Stores;

public abstract partial class StoreTests
{
    [Fact]
    public async Task EnrollNodeAsync_NewNode_AppearsInTopologyWithToken()
    {
        await Clusters.SeedIfEmptyAsync(LabDefaults.Topology, LabDefaults.Catalog, CancellationToken.None);
        var node = LabDefaults.Node("node-c", IPAddress.Parse("127.0.7.23"), 2) with { Weight = 3 };

        await Clusters.EnrollNodeAsync(node, "hash-c", CancellationToken.None);

        var loaded = await Clusters.LoadAsync(CancellationToken.None);
        Assert.Equal(node, loaded!.Topology.Find("node-c")?.Node);
        Assert.Equal("hash-c", await Tokens.GetTokenHashAsync("NODE-C", CancellationToken.None));
    }

    [Fact]
    public async Task EnrollNodeAsync_DuplicateNameInOtherCase_ThrowsClearConflict()
    {
        await Clusters.SeedIfEmptyAsync(LabDefaults.Topology, LabDefaults.Catalog, CancellationToken.None);

        var error = await Assert.ThrowsAsync<StoreConflictException>(
            () => Clusters.EnrollNodeAsync(LabDefaults.Node("Node-A", IPAddress.Parse("127.0.7.24"), 3), null, CancellationToken.None));

        Assert.Contains("'Node-A' is already enrolled", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await Clusters.LoadAsync(CancellationToken.None))!.Topology.Nodes.Length);
    }

    [Fact]
    public async Task SetIntentAsync_KnownAndUnknownNode_StoresFlagsOrReturnsFalse()
    {
        await Clusters.SeedIfEmptyAsync(LabDefaults.Topology, LabDefaults.Catalog, CancellationToken.None);

        Assert.True(await Clusters.SetIntentAsync("node-b", OperatorIntent.Drained | OperatorIntent.Fenced, CancellationToken.None));
        Assert.False(await Clusters.SetIntentAsync("node-z", OperatorIntent.Drained, CancellationToken.None));

        var nodeB = (await Clusters.LoadAsync(CancellationToken.None))!.Topology.Find("node-b");
        Assert.Equal(OperatorIntent.Drained | OperatorIntent.Fenced, nodeB!.Intent);
    }

    [Fact]
    public async Task RemoveNodeAsync_ActiveNodeRefusedPassiveRemoved()
    {
        await Clusters.SeedIfEmptyAsync(LabDefaults.Topology, LabDefaults.Catalog, CancellationToken.None);

        var error = await Assert.ThrowsAsync<StoreConflictException>(() => Clusters.RemoveNodeAsync("node-a", CancellationToken.None));
        Assert.Contains("active node", error.Message, StringComparison.Ordinal);
        Assert.True(await Clusters.RemoveNodeAsync("node-b", CancellationToken.None));
        Assert.False(await Clusters.RemoveNodeAsync("node-b", CancellationToken.None));

        var loaded = await Clusters.LoadAsync(CancellationToken.None);
        Assert.Equal(new[] { "node-a" }, loaded!.Topology.Nodes.Select(n => n.Name));
    }
}
