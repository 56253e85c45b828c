using Microsoft.AspNetCore.SignalR.Client;
using SharesConsole.Core.Agents;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Web.Tests.Agents;

/// <summary>
/// An agent that comes back on a new connection while its old one was cut without a close (the lab's cut-reset
/// scenario): commands sent on the old connection fail at once, so a fence resends its stop on the new one instead of
/// waiting out the lease for an answer that cannot come.
/// </summary>
public sealed class AgentRegistryReconnectTests
{
    private static readonly System.Net.IPAddress Address = Loopback.Web.Address(74);

    [Fact]
    public async Task SendAsync_AgentReconnectsBeforeReplying_FailsWithDisconnectedAtOnce()
    {
        await using var host = await AgentHubHost.StartAsync(Address, 0, "node-r", 3, TimeSpan.FromSeconds(10));
        var token = host.Tokens.Issue("node-r");
        await using var first = Connect(host, token);
        var received = new TaskCompletionSource<AgentCommand>(TaskCreationOptions.RunContinuationsAsynchronously);
        first.On<AgentCommand>(AgentHubProtocol.CommandMethod, command => received.TrySetResult(command));
        await first.StartAsync();
        await Poll.UntilAsync(() => host.Registry.Find("node-r")?.IsConnected == true, "the first connection to register");

        var reply = host.Registry.SendAsync("node-r", AgentCommand.Create(AgentCommandKind.StopActivePassive, 3, reason: "test fence"), TimeSpan.FromMinutes(5), CancellationToken.None);
        await received.Task.WaitAsync("the command on the first connection");
        await using var second = Connect(host, token);
        await second.StartAsync();

        var answer = await reply.WaitAsync("the pending command to fail once the agent reconnected");
        Assert.False(answer.Ok);
        Assert.Equal(CommandErrorCode.NodeDisconnected, answer.Error);
        Assert.Contains("reconnected on a new connection", answer.Message, StringComparison.Ordinal);
        Assert.Equal(second.ConnectionId, host.Registry.Find("node-r")?.ConnectionId);
    }

    private static HubConnection Connect(AgentHubHost host, string token) => new HubConnectionBuilder()
        .WithUrl($"{host.Url}{AgentHubProtocol.Path}?{AgentHubProtocol.NodeQuery}=node-r", http => http.Headers[AgentHubProtocol.TokenHeader] = token)
        .Build();
}
