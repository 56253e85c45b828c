using System.Net;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Tests.Support;

namespace SharesConsole.Edge.Tests.Drain;

public sealed class DrainTests
{
    [Fact]
    public async Task Drain_InFlightRequest_FinishesWhileNewRequestsGoElsewhere()
    {
        await using var edge = await EdgeHarness.StartAsync(await EdgeHarness.NodesAsync(2));
        using var http = Clients.Http(edge.WebUrl);
        var slow = http.GetStringAsync("/slow");
        await Wait.UntilAsync(() => edge.Nodes.Any(n => n.SlowInFlight == 1), "the slow request reaches a node");
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
        await using var edge = await EdgeHarness.StartAsync(
            await EdgeHarness.NodesAsync(2), new Dictionary<string, string?> { ["Edge:DrainDeadline"] = "00:00:00.300" });
        var (node, socket) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, IPAddress.Parse("127.0.3.120"));
        using (socket)
        {
            edge.SetIntent(node, OperatorIntent.Drained);
            socket.Send("still here\n"u8);
            Assert.Equal("still here", await Clients.ReadLineAsync(socket));

            // After the deadline the edge closes the session: the read ends with EOF or a reset.
            var closed = await Record.ExceptionAsync(async () =>
            {
                var buffer = new byte[16];
                using var cap = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                Assert.Equal(0, await socket.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None, cap.Token));
            });
            Assert.True(closed is null or System.Net.Sockets.SocketException, closed?.ToString());
        }

        var (next, again) = await Clients.ConnectTcpAsync(edge.TcpEndpoint, IPAddress.Parse("127.0.3.120"));
        again.Dispose();
        Assert.NotEqual(node, next);
    }
}
