using System.Net;
using System.Text.Json;
using SharesConsole.ControlPlane.State;
using Microsoft.Extensions.DependencyInjection;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Tests.Common.Polling;
using SharesConsole.Web.Auth;
using SharesConsole.Web.Leadership;
using SharesConsole.Web.Tests.Api;
using SharesConsole.Web.Tests.EndToEnd;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Leadership;

/// <summary>Two control-plane instances on real Kestrel sharing one database, with the leader election on.</summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class TwoControlPlanesTests
{
    private static readonly IPAddress First = IPAddress.Parse("127.0.9.130");
    private static readonly IPAddress Second = IPAddress.Parse("127.0.9.131");

    [Fact]
    public async Task Follower_ForwardsToTheLeader_AndTakesOverWhenTheLeaderStops()
    {
        using var data = new TempDirectory();
        var cp1 = Start(data.Path, "cp-1", First);
        await using var cp2 = Start(data.Path, "cp-2", Second);
        try
        {
            await Poll.UntilAsync(() => RoleAsync(cp1), r => r == "Leader", "cp-1 leads");
            await Poll.UntilAsync(() => RoleAsync(cp2), r => r == "Follower", "cp-2 follows");
            using var viaFollower = await AdminAsync(cp2, cp1);

            using var drained = await viaFollower.PostAsync("/api/v1/nodes/node-b/drain", null);

            Assert.Equal(HttpStatusCode.NoContent, drained.StatusCode);
            Assert.True(cp1.Services.GetRequiredService<ClusterStore>().Topology.Find("node-b")!.IsDrained, "the leader ran the follower's request");
            using var nodes = await viaFollower.GetAsync("/api/v1/nodes/node-b");
            Assert.Equal(HttpStatusCode.OK, nodes.StatusCode);
            var leadership = JsonDocument.Parse(await (await new HttpClient().GetAsync($"{cp2.Url}/leadership")).Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(("cp-1", "Follower", 0L), (leadership.GetProperty("leader").GetString(), leadership.GetProperty("role").GetString(), leadership.GetProperty("term").GetInt64()));
            Assert.Equal(2, leadership.GetProperty("instances").GetArrayLength());
            using var plain = new HttpClient();
            using var agentHub = await plain.PostAsync($"{cp2.Url}/hubs/agents/negotiate?negotiateVersion=1", null);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, agentHub.StatusCode);   // agents and edges connect to the leader itself
            Assert.Contains(cp1.Url, await agentHub.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var card = await cp1.Services.GetRequiredService<LeadershipBoard>().GetAsync(CancellationToken.None);
            Assert.Equal(("cp-1", true), (card.LeaderName, card.LeaderKnown));
            Assert.Equal([("cp-1", "Leader"), ("cp-2", "Follower")], card.Instances.Select(i => (i.Name, i.Role)));
            Assert.InRange(card.LeaseRemaining!.Value, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(5));
        }
        finally
        {
            await cp1.DisposeAsync();
        }

        await Poll.UntilAsync(() => RoleAsync(cp2), r => r == "Leader", "cp-2 leads once cp-1 stopped");
        using var admin = await AdminAsync(cp2, cp2);
        using var after = await admin.GetAsync("/api/v1/nodes/node-b");
        var node = JsonDocument.Parse(await after.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Contains("Drained", node.GetProperty("intent").GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.True(cp2.Services.GetRequiredService<ControlPlane.Leadership.ILeadership>().Term >= 2);
    }

    private static E2eControlPlane Start(string data, string name, IPAddress address)
    {
        var port = Ports.FreeTcp(address);
        var cp = new E2eControlPlane(data, address, port, new Dictionary<string, string>
        {
            ["Lab:Enabled"] = "false",
            ["Edge:Enabled"] = "false",
            ["Dns:Enabled"] = "false",
            ["Hangfire:Storage"] = "InMemory",
            ["ControlPlane:Leadership:Enabled"] = "true",
            ["ControlPlane:Leadership:InstanceName"] = name,
            ["ControlPlane:Leadership:AdvertisedUrl"] = $"http://{address}:{port}",
        });
        cp.StartServer();
        return cp;
    }

    private static async Task<string?> RoleAsync(E2eControlPlane cp)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync($"{cp.Url}/leadership");
        return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("role").GetString() : null;
    }

    /// <summary>An admin API key (made on <paramref name="keys"/>, valid on every instance: one database) for <paramref name="cp"/>'s URL.</summary>
    private static async Task<HttpClient> AdminAsync(E2eControlPlane cp, E2eControlPlane keys)
    {
        var client = new HttpClient { BaseAddress = new Uri(cp.Url) };
        client.DefaultRequestHeaders.Add(AuthSchemes.ApiKeyHeader, await new TestCallers(keys).KeyAsync(Caller.Admin));
        return client;
    }
}
