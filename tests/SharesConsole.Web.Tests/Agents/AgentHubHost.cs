using System.Collections.Immutable;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.State;
using SharesConsole.Tests.Common;
using SharesConsole.Tests.Common.Hosting;
using SharesConsole.Web.Agents;

namespace SharesConsole.Web.Tests.Agents;

/// <summary>A control plane with only the agent hub, on real Kestrel at a test's own loopback address.</summary>
internal sealed class AgentHubHost : IAsyncDisposable
{
    private readonly KestrelStub _stub;

    private AgentHubHost(KestrelStub stub, InMemoryTopologySource topology)
    {
        _stub = stub;
        Topology = topology;
    }

    public InMemoryTopologySource Topology { get; }

    public AgentRegistry Registry => _stub.Services.GetRequiredService<AgentRegistry>();

    public InMemoryNodeTokenValidator Tokens => _stub.Services.GetRequiredService<InMemoryNodeTokenValidator>();

    public string Url => _stub.Url.ToString().TrimEnd('/');

    public static async Task<AgentHubHost> StartAsync(
        IPAddress address, int port, string activeNode, long epoch, TimeSpan lease, SharesConsole.ControlPlane.Leadership.ILeadership? leadership = null)
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
            services.AddSingleton<IClusterStateSource>(new SettableStateSource(TestStates.Build()));
            if (leadership is not null)
            {
                services.AddSingleton(leadership);
            }

            services.AddSharesAgentHub();
        });
        return new AgentHubHost(stub, topology);
    }

    public ValueTask DisposeAsync() => _stub.DisposeAsync();
}
