using System.Collections.Immutable;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SharesConsole.Core.Cluster;
using SharesConsole.Tests.Common.Hosting;
using SharesConsole.Web.Agents;

namespace SharesConsole.Agent.Tests.ControlPlane;

/// <summary>Only the agent hub, on real Kestrel on this project's loopback block.</summary>
internal sealed class ControlPlaneHost : IAsyncDisposable
{
    private readonly KestrelStub _stub;

    private ControlPlaneHost(KestrelStub stub, InMemoryTopologySource topology)
    {
        _stub = stub;
        Topology = topology;
    }

    public InMemoryTopologySource Topology { get; }

    public AgentRegistry Registry => _stub.Services.GetRequiredService<AgentRegistry>();

    public InMemoryNodeTokenValidator Tokens => _stub.Services.GetRequiredService<InMemoryNodeTokenValidator>();

    public string Url => _stub.Url.ToString().TrimEnd('/');

    public static async Task<ControlPlaneHost> StartAsync(IPAddress address, int port, string activeNode, long epoch, TimeSpan lease)
    {
        var topology = new InMemoryTopologySource(new ClusterTopology
        {
            Settings = new ClusterSettings { Vip = address, Lease = lease },
            Nodes = ImmutableArray<NodeState>.Empty,
            ActiveNode = activeNode,
            Epoch = epoch,
        });
        var stub = await KestrelStub.StartAsync(address, port, app => app.MapSharesAgentHub(), services =>
        {
            services.AddSingleton<IClusterTopologySource>(topology);
            services.AddSharesAgentHub();
        });
        return new ControlPlaneHost(stub, topology);
    }

    public ValueTask DisposeAsync() => _stub.DisposeAsync();
}
