using SharesConsole.Edge.Tests.Support;

namespace SharesConsole.Edge.Tests.Hosting;

public sealed class EdgeServiceTests
{
    [Fact]
    public async Task StartAsync_Disabled_OpensNoListener()
    {
        await using var edge = await EdgeHarness.StartAsync(
            await EdgeHarness.NodesAsync(1), new Dictionary<string, string?> { ["Edge:Enabled"] = "false" });

        Assert.False(edge.Transfer.IsOpen);
        Assert.Null(edge.Transfer.TcpEndpoint);
        Assert.False(edge.Health.IsUp("node-a", Core.Cluster.PoolKind.Web));
    }
}
