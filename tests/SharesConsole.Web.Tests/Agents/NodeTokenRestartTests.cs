using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Polling;
using SharesConsole.Web.Agents;
using SharesConsole.Web.Tests.Api;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Agents;

/// <summary>An enrolled node and its token live in the database: a new control-plane process over the same data keeps both.</summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class NodeTokenRestartTests
{
    [Fact]
    public async Task EnrolledNode_ControlPlaneRestarts_NodeKeptAndItsAgentConnects()
    {
        using var data = new TempDirectory();
        const string node = "restart-node";
        string token;
        await using (var first = new IsolatedHost(data.Path))
        {
            token = await AgentTestClient.EnrollAsync(first, node, "127.0.9.47");
        }

        await using var second = new IsolatedHost(data.Path);
        using var viewer = await new TestCallers(second).ClientAsync(Caller.Viewer);
        using var listed = await viewer.GetAsync($"/api/v1/nodes/{node}");
        await using var agent = AgentTestClient.Connection(second, node, token);
        await agent.StartAsync().WaitAsync("the agent's hub connection to start after the restart");
        var registry = second.Services.GetRequiredService<AgentRegistry>();

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        await Poll.UntilAsync(() => registry.Find(node) is { IsConnected: true }, "the agent to show as connected after the restart");
        Assert.Equal(HubConnectionState.Connected, agent.State);
    }
}
