using System.Collections.Immutable;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SharesConsole.Core.Cluster;
using SharesConsole.Web.Agents;

namespace SharesConsole.Agent.Tests.ControlPlane;

/// <summary>Only the agent hub, on real Kestrel on this project's loopback block.</summary>
internal sealed class ControlPlaneHost : IAsyncDisposable
{
    private ControlPlaneHost(WebApplication app, InMemoryTopologySource topology)
    {
        App = app;
        Topology = topology;
    }

    public WebApplication App { get; }

    public InMemoryTopologySource Topology { get; }

    public AgentRegistry Registry => App.Services.GetRequiredService<AgentRegistry>();

    public InMemoryNodeTokenValidator Tokens => App.Services.GetRequiredService<InMemoryNodeTokenValidator>();

    public string Url => App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public static async Task<ControlPlaneHost> StartAsync(IPAddress address, int port, string activeNode, long epoch, TimeSpan lease)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(address, port));
        var topology = new InMemoryTopologySource(new ClusterTopology
        {
            Settings = new ClusterSettings { Vip = address, Lease = lease },
            Nodes = ImmutableArray<NodeState>.Empty,
            ActiveNode = activeNode,
            Epoch = epoch,
        });
        builder.Services.AddSingleton<IClusterTopologySource>(topology);
        builder.Services.AddSharesAgentHub();
        var app = builder.Build();
        app.MapSharesAgentHub();
        await app.StartAsync();
        return new ControlPlaneHost(app, topology);
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await App.StopAsync();
        await App.DisposeAsync();
    }
}
