using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SharesConsole.Browser.Tests.Support;
using SharesConsole.ControlPlane.State;
using SharesConsole.ControlPlane.Events;
using SharesConsole.Web.Hubs;

namespace SharesConsole.Browser.Tests.Hubs;

[Collection(LabBrowserCollection.Name)]
public sealed class ClusterHubTests(LabConsoleFixture lab)
{
    [Fact]
    public async Task Connect_ExternalClientOverKestrel_GetsSnapshotAndLivePushes()
    {
        var healthy = await lab.UntilAllHealthyAsync();
        var passive = healthy.Nodes.Single(n => !n.IsActive).Name;
        await using var connection = new HubConnectionBuilder().WithUrl(new Uri(lab.BaseUrl, "hubs/cluster")).Build();
        var pushes = Channel.CreateUnbounded<ClusterSummary>();
        connection.On<ClusterSummary>(ClusterHub.StateMethod, s => pushes.Writer.TryWrite(s));
        using var timeout = new CancellationTokenSource(ClusterWaits.Cap);
        await connection.StartAsync(timeout.Token);

        var state = await connection.InvokeAsync<ClusterSummary>(nameof(ClusterHub.GetState), timeout.Token);
        Assert.Equal(["node-a", "node-b"], state.Nodes.Select(n => n.Name).Order());
        Assert.Equal(healthy.Topology.ActiveNode, state.ActiveNode);
        Assert.Single(state.Nodes, n => n.IsActive);

        var commands = lab.Services.GetRequiredService<IClusterCommands>();
        try
        {
            Assert.True((await commands.SetMaintenanceAsync(passive, true, "hub-test", timeout.Token)).Ok);
            ClusterSummary pushed;
            do
            {
                pushed = await pushes.Reader.ReadAsync(timeout.Token);
            }
            while (pushed.Nodes.Single(n => n.Name == passive).Verdict != "Maintenance");

            Assert.Contains("Maintenance", pushed.Nodes.Single(n => n.Name == passive).Intent, StringComparison.Ordinal);
        }
        finally
        {
            await commands.SetMaintenanceAsync(passive, false, "hub-test", CancellationToken.None);
            await lab.UntilAllHealthyAsync();
        }
    }
}
