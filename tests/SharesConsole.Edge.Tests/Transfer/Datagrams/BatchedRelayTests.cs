using System.Globalization;
using System.Net;
using SharesConsole.Edge.Counters;
using SharesConsole.Edge.Tests.Support;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Edge.Tests.Transfer.Datagrams;

public sealed class BatchedRelayTests
{
    [Theory]
    [InlineData(32, "127.0.3.252")]
    [InlineData(1, "127.0.3.253")]
    public async Task Relay_BurstsOfGarbageEmptyAndLargestDatagrams_ForwardedOrDroppedAndClientsStillServed(int batchSize, string noisyAddress)
    {
        await using var edge = await EdgeHarness.StartAsync(
            await EdgeHarness.NodesAsync(1),
            new Dictionary<string, string?> { ["Edge:UdpBatchSize"] = batchSize.ToString(CultureInfo.InvariantCulture) });
        Assert.Equal(batchSize > 1, edge.TransferContext.Datagrams.IsEnabled);
        using var noisy = Clients.UdpFrom(IPAddress.Parse(noisyAddress));
        using var other = Clients.UdpFrom(IPAddress.Parse("127.0.3.254"));
        var random = new Random(17);
        const int Bursts = 200;
        // Two sources interleaved, so one batch holds runs of both; every tenth datagram is empty, every seventh the largest.
        for (var i = 0; i < Bursts; i++)
        {
            var datagram = new byte[i % 10 == 0 ? 0 : i % 7 == 0 ? 65507 : random.Next(1, 3000)];
            random.NextBytes(datagram);
            await (i % 2 == 0 ? noisy : other).SendToAsync(datagram, edge.UdpEndpoint).WaitAsync("sending a burst datagram");
        }

        Assert.Equal("node-a|still here", await Clients.UdpRoundTripAsync(noisy, edge.UdpEndpoint, "still here"u8.ToArray()));
        Assert.Equal("node-a|me too", await Clients.UdpRoundTripAsync(other, edge.UdpEndpoint, "me too"u8.ToArray()));
        await Poll.UntilAsync(() => Dropped(edge) == Bursts / 10, "each empty datagram counted as dropped", describe: () => $"{Dropped(edge)} dropped");
        Assert.Equal(batchSize > 1, edge.TransferContext.Datagrams.IsEnabled);
        var fasp = edge.Counters.Snapshot().Single(s => s.Node == "node-a" && s.Protocol == EdgeProtocol.Fasp);
        Assert.Equal(0, fasp.Errors);
        Assert.Equal(2, fasp.OpenUdpFlows);
    }

    private static long Dropped(EdgeHarness edge) =>
        edge.Counters.Snapshot().SingleOrDefault(s => s.Node == EdgeCounters.NoNode && s.Protocol == EdgeProtocol.Fasp)?.Errors ?? 0;
}
