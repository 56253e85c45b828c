using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.Core.State;
using SharesConsole.Data;
using SharesConsole.Edge.Pools;
using SharesConsole.Tests.Common.Polling;
using SharesConsole.Web.Agents;
using SharesConsole.Web.Tests.Api;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Agents;

/// <summary>Enroll, connect, rotate and remove a node through the API against the running control plane.</summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class NodeEnrollmentTests(ConsoleAppFixture app)
{
    /// <summary>
    /// Found by the API fuzz test: a node removed between the rotation's look-up and its token write (a delete running
    /// alongside) made the rotation throw, a 500. The row is deleted past the cluster store here, which leaves exactly
    /// that window open.
    /// </summary>
    [Fact]
    public async Task RotateToken_NodeRemovedMeanwhile_Returns404()
    {
        const string node = "rotate-gone-node";
        await AgentTestClient.EnrollAsync(app, node, "127.0.9.49");
        using var admin = await new TestCallers(app).ClientAsync(Caller.Admin);
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<SharesDbContext>>().CreateDbContextAsync())
        {
            await db.Nodes.Where(n => n.Name == node).ExecuteDeleteAsync();
        }

        var rotate = await admin.PostAsync($"/api/v1/nodes/{node}/token", null);
        await admin.DeleteAsync($"/api/v1/nodes/{node}");

        Assert.Equal(HttpStatusCode.NotFound, rotate.StatusCode);
    }

    [Fact]
    public async Task EnrollNode_TokenShownOnce_StoredOnlyAsItsHash()
    {
        const string node = "enroll-hash-node";
        var token = await AgentTestClient.EnrollAsync(app, node, "127.0.9.44");
        using var admin = await new TestCallers(app).ClientAsync(Caller.Admin);

        var stored = await StoredHashAsync(node);
        var listed = await admin.GetStringAsync($"/api/v1/nodes/{node}") + await admin.GetStringAsync("/api/v1/nodes");
        await admin.DeleteAsync($"/api/v1/nodes/{node}");

        Assert.Equal(NodeTokens.Hash(token), stored);
        Assert.DoesNotContain(token, stored!, StringComparison.Ordinal);
        Assert.DoesNotContain(token, listed, StringComparison.Ordinal);
        Assert.True(token.Length >= 40, token);
    }

    [Fact]
    public async Task EnrollConnectRemove_TopologyFollowsAndRemovalRevokesTheToken()
    {
        const string node = "enroll-live-node";
        var token = await AgentTestClient.EnrollAsync(app, node, "127.0.9.45");
        var pools = app.Services.GetRequiredService<EdgePools>();
        var state = app.Services.GetRequiredService<IClusterStateSource>();
        var registry = app.Services.GetRequiredService<AgentRegistry>();
        await using var agent = AgentTestClient.Connection(app, node, token);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        Assert.NotNull(pools.Current.Topology.Find(node));
        await Poll.UntilAsync(() => state.Current.Find(node) is not null, "the cluster state to list the node");
        await agent.StartAsync().WaitAsync("the agent's hub connection to start");
        await Poll.UntilAsync(() => registry.Find(node) is { IsConnected: true }, "the agent to show as connected");

        using var admin = await new TestCallers(app).ClientAsync(Caller.Admin);
        using var removed = await admin.DeleteAsync($"/api/v1/nodes/{node}");
        await closed.Task.WaitAsync("the hub to close the removed node's connection");
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        var reconnect = await AgentTestClient.NegotiateAsync(client, node, ("Authorization", "Bearer " + token));

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HubConnectionState.Disconnected, agent.State);
        await Poll.UntilAsync(() => registry.Find(node) is { IsConnected: false }, "the registry to show the removed node's agent disconnected");
        Assert.Null(pools.Current.Topology.Find(node));
        await Poll.UntilAsync(() => state.Current.Find(node) is null, "the cluster state to drop the removed node");
        Assert.Null(await StoredHashAsync(node));
        Assert.Equal(HttpStatusCode.Unauthorized, reconnect);
    }

    [Fact]
    public async Task RotateToken_OldTokenRefusedNewOneAccepted()
    {
        const string node = "enroll-rotate-node";
        var old = await AgentTestClient.EnrollAsync(app, node, "127.0.9.46");
        using var admin = await new TestCallers(app).ClientAsync(Caller.Admin);
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        using var rotated = await admin.PostAsync($"/api/v1/nodes/{node}/token", null);
        var fresh = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("agentToken").GetString()!;
        var oldStatus = await AgentTestClient.NegotiateAsync(client, node, ("Authorization", "Bearer " + old));
        var newStatus = await AgentTestClient.NegotiateAsync(client, node, ("Authorization", "Bearer " + fresh));
        using var unknown = await admin.PostAsync("/api/v1/nodes/no-such-node/token", null);
        await admin.DeleteAsync($"/api/v1/nodes/{node}");

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.NotEqual(old, fresh);
        Assert.Equal(HttpStatusCode.Unauthorized, oldStatus);
        Assert.Equal(HttpStatusCode.OK, newStatus);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private async Task<string?> StoredHashAsync(string node)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<SharesDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await db.Nodes.Where(n => n.Name == node).Select(n => n.TokenHash).SingleOrDefaultAsync();
    }
}
