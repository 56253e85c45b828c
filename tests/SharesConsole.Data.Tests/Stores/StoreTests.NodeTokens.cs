using System.Net;
using SharesConsole.Core.Lab;
using SharesConsole.Data.Stores;

namespace SharesConsole.Data.Tests.Stores;

public abstract partial class StoreTests
{
    private NodeTokenStore Tokens => Db.Get<NodeTokenStore>();

    private async Task EnrollAsync(string name, string? tokenHash)
    {
        await Clusters.SeedIfEmptyAsync(LabDefaults.Topology, LabDefaults.Catalog, CancellationToken.None);
        await Clusters.EnrollNodeAsync(LabDefaults.Node(name, IPAddress.Parse("127.0.7.25"), 5), tokenHash, CancellationToken.None);
    }

    [Fact]
    public async Task SetTokenHashAsync_KnownNodeThenRemoved_ReplacesHashAndRemovalDropsIt()
    {
        await EnrollAsync("node-t", "hash-1");

        Assert.True(await Tokens.SetTokenHashAsync("Node-T", "hash-2", CancellationToken.None));
        Assert.False(await Tokens.SetTokenHashAsync("node-unknown", "hash-3", CancellationToken.None));
        Assert.Equal("hash-2", await Tokens.GetTokenHashAsync("node-t", CancellationToken.None));
        Assert.True(await Clusters.RemoveNodeAsync("node-t", CancellationToken.None));

        Assert.Null(await Tokens.GetTokenHashAsync("node-t", CancellationToken.None));
    }

    [Fact]
    public async Task GetTokenHashAsync_NodeWithoutTokenOrUnknown_ReturnsNull()
    {
        await EnrollAsync("node-t", null);

        Assert.Null(await Tokens.GetTokenHashAsync("node-t", CancellationToken.None));
        Assert.Null(await Tokens.GetTokenHashAsync("node-unknown", CancellationToken.None));
    }

    [Fact]
    public async Task SetTokenHashAsync_OneNode_LeavesTheOtherNodesHashAlone()
    {
        await EnrollAsync("node-t", "hash-t");
        await Clusters.EnrollNodeAsync(LabDefaults.Node("node-u", IPAddress.Parse("127.0.7.26"), 6), "hash-u", CancellationToken.None);

        await Tokens.SetTokenHashAsync("node-t", "hash-t2", CancellationToken.None);

        Assert.Equal("hash-u", await Tokens.GetTokenHashAsync("node-u", CancellationToken.None));
    }

    [Fact]
    public async Task SetTokenHashAsync_ConcurrentRotations_OneHashWinsWhole()
    {
        await EnrollAsync("node-t", "hash-0");
        var hashes = Enumerable.Range(1, 8).Select(i => $"hash-{i}").ToList();

        var results = await Task.WhenAll(hashes.Select(h => Task.Run(() => Tokens.SetTokenHashAsync("node-t", h, CancellationToken.None))));

        Assert.All(results, Assert.True);
        Assert.Contains(await Tokens.GetTokenHashAsync("node-t", CancellationToken.None), hashes);
        Assert.Equal(3, (await Clusters.LoadAsync(CancellationToken.None))!.Topology.Nodes.Length);
    }
}
