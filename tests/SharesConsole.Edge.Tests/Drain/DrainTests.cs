using System.Net;
using Microsoft.Extensions.Time.Testing;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Tests.Support;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Edge.Tests.Drain;

public sealed class DrainTests
{
    [Theory]
    [MemberData(nameof(EdgeHarness.WebForwarders), MemberType = typeof(EdgeHarness))]
    public async Task Drain_InFlightRequest_FinishesWhileNewRequestsGoElsewhere(string forwarder)
    {
        await using var edge = await EdgeHarness.StartAsync(await EdgeHarness.NodesAsync(2), EdgeHarness.Web(forwarder));
        using var http = Clients.Http(edge.WebUrl);
        var slow = http.GetStringAsync("/slow");
        await Poll.UntilAsync(() => edge.Nodes.Any(n => n.SlowInFlight == 1), "the slow request reaches a node");
        var busy = edge.Nodes.Single(n => n.SlowInFlight == 1);
        var other = edge.Nodes.Single(n => n != busy);

        edge.SetIntent(busy.Name, OperatorIntent.Drained);
        var during = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            during.Add(await http.GetStringBoundedAsync("/name"));
        }

        busy.SlowGate.Release();

        Assert.Equal(busy.Name, await slow.WaitAsync("the slow request on the drained node finishes"));
        Assert.All(during, name => Assert.Equal(other.Name, name));
    }

    [Fact]
    public async Task Drain_DeadlinePassed_OpenSessionsClosed()
    {
        // The deadline passes only when the test advances the clock, so no slow step can close the session early.
        var time = new FakeTimeProvider();
        await using var edge = await EdgeHarness.StartAsync(
            await EdgeHarness.NodesAsync(2), new Dictionary<string, string?> { ["Edge:DrainDeadline"] = "00:01:00" }, time: time);
        var client = IPAddress.Parse("127.0.3.120");
        var (node, socket) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, client);
        var other = edge.Nodes.Single(n => n.Name != node).Name;
        using (socket)
        {
            edge.SetIntent(node, OperatorIntent.Drained);
            time.Advance(TimeSpan.FromSeconds(59));
            await Clients.SendAsync(socket, "still here\n"u8.ToArray());
            Assert.Equal("still here", await Clients.ReadLineAsync(socket));

            time.Advance(TimeSpan.FromSeconds(2));
            await Clients.AssertClosedByPeerAsync(socket, "the edge closes the session at the drain deadline");
        }

        var (next, again) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, client);
        again.Dispose();
        Assert.Equal(other, next);
    }
}
