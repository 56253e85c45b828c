using SharesConsole.Data.Stores;

namespace SharesConsole.Data.Tests.Stores;

public abstract partial class StoreTests
{
    private static readonly DateTimeOffset Minute0 = new(2026, 11, 25, 6, 0, 0, TimeSpan.Zero);

    private TrafficStore Traffic => Db.Get<TrafficStore>();

    private static TrafficSample Sample(string node, string protocol, DateTimeOffset minute, long requests) => new()
    {
        Node = node,
        Protocol = protocol,
        Minute = minute,
        Requests = requests,
        Responses2xx = requests - 1,
        Responses5xx = 1,
        BytesIn = requests * 100,
        BytesOut = requests * 1000,
        Connections = 2,
        UdpFlows = protocol == "Fasp" ? 3 : 0,
    };

    [Fact]
    public async Task UpsertAsync_SameMinuteTwice_KeepsOneRowWithLatestValues()
    {
        var batch = new[] { Sample("node-a", "Web", Minute0.AddSeconds(5), 10), Sample("node-a", "Fasp", Minute0.AddSeconds(7), 4) };

        await Traffic.UpsertAsync(batch, CancellationToken.None);
        await Traffic.UpsertAsync(batch, CancellationToken.None);
        await Traffic.UpsertAsync([Sample("NODE-A", "web", Minute0.AddSeconds(59), 25)], CancellationToken.None);

        var rows = await Traffic.QueryAsync(Minute0, Minute0.AddMinutes(1), null, null, CancellationToken.None);

        Assert.Equal(2, rows.Count);
        var web = Assert.Single(rows, r => r.Protocol.Equals("web", StringComparison.OrdinalIgnoreCase));
        Assert.Equal((25L, Minute0), (web.Requests, web.Minute));
        Assert.Equal(Sample("node-a", "Fasp", Minute0, 4), Assert.Single(rows, r => r.Protocol == "Fasp"));
    }

    [Fact]
    public async Task UpsertAsync_TwoConcurrentWriters_NoDuplicateMinutes()
    {
        var a = Enumerable.Range(0, 20).Select(i => Sample("node-a", "Web", Minute0.AddMinutes(i), i + 1)).ToList();
        var b = Enumerable.Range(0, 20).Select(i => Sample("node-a", "Web", Minute0.AddMinutes(i), i + 100)).ToList();

        await Task.WhenAll(Task.Run(() => Traffic.UpsertAsync(a, CancellationToken.None)), Task.Run(() => Traffic.UpsertAsync(b, CancellationToken.None)));

        var rows = await Traffic.QueryAsync(Minute0, Minute0.AddHours(1), "node-a", "Web", CancellationToken.None);
        Assert.Equal(20, rows.Count);
        Assert.Equal(20, rows.Select(r => r.Minute).Distinct().Count());
        Assert.All(rows, r => Assert.Contains(r.Requests, new[] { (r.Minute - Minute0).Minutes + 1L, (r.Minute - Minute0).Minutes + 100L }));
    }

    [Fact]
    public async Task QueryAsync_WindowAndFilters_ReturnsMatchingOldestFirst()
    {
        await Traffic.UpsertAsync(
            [.. Enumerable.Range(0, 6).SelectMany(i => new[] { Sample("node-a", "Ssh", Minute0.AddMinutes(i), i + 1), Sample("node-b", "Ssh", Minute0.AddMinutes(i), 50) })],
            CancellationToken.None);

        var rows = await Traffic.QueryAsync(Minute0.AddMinutes(2), Minute0.AddMinutes(5), "node-a", null, CancellationToken.None);

        Assert.Equal(new long[] { 3, 4, 5 }, rows.Select(r => r.Requests));
    }

    [Fact]
    public async Task DeleteOlderThanAsync_Cutoff_RemovesOnlyOlderMinutes()
    {
        await Traffic.UpsertAsync([.. Enumerable.Range(0, 10).Select(i => Sample("node-b", "Web", Minute0.AddMinutes(i), i + 1))], CancellationToken.None);

        var deleted = await Traffic.DeleteOlderThanAsync(Minute0.AddMinutes(4), CancellationToken.None);

        Assert.Equal(4, deleted);
        var left = await Traffic.QueryAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, null, null, CancellationToken.None);
        Assert.Equal(Enumerable.Range(4, 6).Select(i => Minute0.AddMinutes(i)), left.Select(r => r.Minute));
    }

    [Fact]
    public async Task UpsertAsync_MissingOrOverlongNames_ThrowsAndWritesNothing()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Traffic.UpsertAsync([Sample("node-a", "Web", Minute0, 1), Sample("", "Web", Minute0, 1)], CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Traffic.UpsertAsync([Sample(new string('n', 65), "Web", Minute0, 1)], CancellationToken.None));

        Assert.Empty(await Traffic.QueryAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, null, null, CancellationToken.None));
    }
}
