using System.Net;
using SharesConsole.Core.Affinity;

namespace SharesConsole.Core.Tests.Affinity;

public sealed class RendezvousHashTests
{
    private static IEnumerable<byte[]> Clients(int count) =>
        Enumerable.Range(0, count).Select(i => new IPAddress([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]).GetAddressBytes());

    [Fact]
    public void Select_SameKeyAndNodes_ReturnsSameNodeEveryTime()
    {
        string[] nodes = ["node-a", "node-b", "node-c"];
        foreach (var key in Clients(200))
        {
            var first = RendezvousHash.Select(key, nodes);
            Assert.Equal(first, RendezvousHash.Select(key, nodes));
            Assert.Equal(first, RendezvousHash.Select(key, [.. nodes.Reverse()]));
        }
    }

    [Fact]
    public void Select_EmptyPool_ReturnsNull()
    {
        Assert.Null(RendezvousHash.Select([127, 0, 0, 1], []));
        Assert.Equal(-1, RendezvousHash.Select(42UL, ReadOnlySpan<ulong>.Empty));
    }

    [Fact]
    public void Select_NodeLeaves_OnlyItsOwnKeysMove()
    {
        string[] before = ["node-a", "node-b", "node-c", "node-d"];
        string[] after = ["node-a", "node-b", "node-d"];
        var moved = 0;
        foreach (var key in Clients(2000))
        {
            var was = RendezvousHash.Select(key, before);
            var now = RendezvousHash.Select(key, after);
            if (was != "node-c")
            {
                Assert.Equal(was, now);
            }
            else
            {
                Assert.NotEqual("node-c", now);
                moved++;
            }
        }

        Assert.InRange(moved, 1, 1999);
    }

    [Fact]
    public void Select_NodeJoins_KeysMoveOnlyToNewNode()
    {
        string[] before = ["node-a", "node-b"];
        string[] after = ["node-a", "node-b", "node-c"];
        foreach (var key in Clients(2000))
        {
            var now = RendezvousHash.Select(key, after);
            if (now != "node-c")
            {
                Assert.Equal(RendezvousHash.Select(key, before), now);
            }
        }
    }

    [Fact]
    public void Select_ManyKeys_SpreadsOverAllNodes()
    {
        string[] nodes = ["node-a", "node-b", "node-c"];
        var counts = Clients(3000).GroupBy(k => RendezvousHash.Select(k, nodes)).ToDictionary(g => g.Key!, g => g.Count());

        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 700, 1300));
    }

    [Fact]
    public void Select_Weighted_HeavierNodeWinsMoreKeys()
    {
        ulong[] seeds = [RendezvousHash.HashName("node-a"), RendezvousHash.HashName("node-b")];
        int[] weights = [3, 1];
        var wins = new int[2];
        foreach (var key in Clients(4000))
        {
            wins[RendezvousHash.Select(RendezvousHash.HashKey(key), seeds, weights)]++;
        }

        Assert.InRange(wins[0], 2700, 3300);
    }

    [Fact]
    public void Select_WeightedZeroWeight_NeverChosen()
    {
        ulong[] seeds = [RendezvousHash.HashName("node-a"), RendezvousHash.HashName("node-b")];
        int[] weights = [0, 1];

        Assert.All(Clients(100), k => Assert.Equal(1, RendezvousHash.Select(RendezvousHash.HashKey(k), seeds, weights)));
    }

    [Fact]
    public void Select_WeightCountMismatch_Throws()
    {
        Assert.Throws<ArgumentException>(() => RendezvousHash.Select(1UL, [1UL, 2UL], [1]));
    }
}
