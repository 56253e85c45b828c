using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Configuration;
using SharesConsole.Edge.Counters;
using SharesConsole.Edge.Health;
using SharesConsole.Edge.Pools;
using SharesConsole.Edge.Transfer.Kernel;
using SharesConsole.Edge.Tests.Support.Netns;
using SharesConsole.Tests.Common.Logging;
using SharesConsole.Tests.Common.Polling;
using Microsoft.Extensions.Logging;

namespace SharesConsole.Edge.Tests.Support;

/// <summary>
/// An edge's transfer path (no web proxy) with nodes and client addresses, on either path: the relay on reserved
/// loopback addresses, the kernel in namespaces of its own. The clock is fake, so drain deadlines and idle timeouts
/// pass only when a test says; every wait of <see cref="UntilAsync"/> moves it on by one probe interval.
/// </summary>
internal sealed class TransferRig : IAsyncDisposable
{
    public const int SshPort = 33001;
    public const int NodeSshPort = 2222;
    public const int FaspFirst = 33001;
    public const int FaspPorts = 3;
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(200);

    private readonly ServiceProvider _services;
    private readonly KernelTestNetwork? _network;
    private readonly Dictionary<string, RigNode> _nodes;

    private TransferRig(ServiceProvider services, InMemoryTopologySource topology, FakeTimeProvider time, KernelTestNetwork? network,
        IPAddress vip, IReadOnlyList<IPAddress> clientAddresses, Dictionary<string, RigNode> nodes)
    {
        _services = services;
        Topology = topology;
        Time = time;
        _network = network;
        Vip = vip;
        ClientAddresses = clientAddresses;
        _nodes = nodes;
    }

    public InMemoryTopologySource Topology { get; }

    public FakeTimeProvider Time { get; }

    public IPAddress Vip { get; }

    public IReadOnlyList<IPAddress> ClientAddresses { get; }

    public IPEndPoint Tcp => new(Vip, SshPort);

    public IPEndPoint Udp(int offset) => new(Vip, FaspFirst + offset);

    public TransferPaths Paths => _services.GetRequiredService<TransferPaths>();

    public IEdgeCounters Counters => _services.GetRequiredService<IEdgeCounters>();

    /// <summary>Every log line of the edge, for a failure's message.</summary>
    public string Log => string.Join('\n', _services.GetRequiredService<ListLoggerProvider>().Entries.Select(e => $"{e.Id.Id} {e.Message}"));

    /// <summary>nft and conntrack where the edge runs them (inside the edge namespace on the kernel path).</summary>
    public IKernelCommands Commands => _services.GetRequiredService<IKernelCommands>();

    public void SetArchitecture(ArchitectureType architecture) =>
        Topology.Update(t => t with { Settings = t.Settings with { Architecture = architecture } });

    /// <param name="masquerade">Kernel path: the nodes get no route back to the clients, and the edge rewrites sources.</param>
    public static async Task<TransferRig> StartAsync(TransferPath path, int nodeCount, int clientCount = 30, bool masquerade = false)
    {
        var network = path == TransferPath.Kernel ? KernelTestNetwork.Create(clientCount, nodeCount, nodesRouteBack: !masquerade) : null;
        try
        {
            return await StartCoreAsync(path, nodeCount, clientCount, network, masquerade);
        }
        catch
        {
            network?.Dispose();
            throw;
        }
    }

    private static async Task<TransferRig> StartCoreAsync(TransferPath path, int nodeCount, int clientCount, KernelTestNetwork? network, bool masquerade)
    {
        Func<SocketType, ProtocolType, Socket>? nodeSockets = network is null ? null : network.NodeSocket;
        var vip = network is null ? IPAddress.Parse("127.0.3.160") : KernelTestNetwork.Vip;
        var clients = Enumerable.Range(0, clientCount)
            .Select(i => network is null ? IPAddress.Parse($"127.0.3.{170 + i}") : KernelTestNetwork.Client(i)).ToArray();
        var nodes = Enumerable.Range(0, nodeCount).Select(i => new RigNode(
            $"node-{(char)('a' + i)}", network is null ? IPAddress.Parse($"127.0.3.{161 + i}") : KernelTestNetwork.Node(i), nodeSockets))
            .ToDictionary(n => n.Name, StringComparer.Ordinal);
        foreach (var node in nodes.Values)
        {
            node.Start();
        }

        var topology = new InMemoryTopologySource(new ClusterTopology
        {
            Settings = new ClusterSettings
            {
                Architecture = ArchitectureType.RedirectAll,
                Vip = vip,
                WebFqdn = "shares.test",
                Ports = new ClusterPorts { Web = 0, WebTls = 0, Ssh = SshPort, Fasp = FaspFirst, FaspRangeEnd = FaspFirst + FaspPorts - 1 },
                HealthCheck = new HealthCheckSettings { Interval = ProbeInterval, Timeout = TimeSpan.FromSeconds(5), Fall = 2, Rise = 2 },
            },
            Nodes = [.. nodes.Values.Select(n => new NodeState(n.Definition))],
        });
        var settings = new Dictionary<string, string?>
        {
            ["Edge:TransferPath"] = path.ToString(),
            ["Edge:KernelTable"] = "sce_test",
            ["Edge:KernelMasquerade"] = masquerade ? "true" : "false",
            ["Edge:ConnectTimeout"] = "00:00:10",
            ["Edge:DrainDeadline"] = "01:00:00",
            ["Edge:TcpIdleTimeout"] = "1.00:00:00",
            ["Edge:UdpIdleTimeout"] = "1.00:00:00",
        };
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var services = new ServiceCollection();
        var logs = new ListLoggerProvider();
        services.AddLogging(b => b.AddProvider(logs));
        services.AddSingleton(logs);
        services.AddSingleton<IClusterTopologySource>(topology);
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IHealthProbe>(new ConnectProbe(network is null ? null : network.Edge.Socket));
        if (network is not null)
        {
            services.AddSingleton<IKernelCommands>(new NetnsKernelCommands(network.Edge.Name));
        }

        services.AddSharesEdge(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var rig = new TransferRig(provider, topology, time, network, vip, clients, nodes);
        await provider.GetRequiredService<NodeHealthMonitor>().StartAsync(CancellationToken.None).WaitAsync("first probe round");
        await rig.UntilAsync(() => nodes.Keys.All(n => rig.InPool(n)), "every node is in the transfer pool");
        await rig.Paths.StartAsync(CancellationToken.None).WaitAsync("the transfer path starts");
        Assert.Equal(path, rig.Paths.Active);
        return rig;
    }

    /// <summary>Whether the path routes new clients to the node: the pools say so, and the kernel table too.</summary>
    public bool InPool(string node) =>
        (Paths.Kernel is { } kernel ? kernel.Applied : _services.GetRequiredService<EdgePools>().Current)?.Transfer.Contains(node) == true;

    /// <summary>Polls <paramref name="condition"/>, moving the fake clock one probe interval on before each look.</summary>
    public Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    public Task UntilAsync(Func<Task<bool>> condition, string what) => Poll.UntilAsync(async () =>
    {
        Time.Advance(ProbeInterval);
        return await condition();
    }, what);

    public Socket ClientSocket(SocketType type, ProtocolType protocol) =>
        _network?.ClientSocket(type, protocol) ?? new Socket(AddressFamily.InterNetwork, type, protocol);

    /// <summary>Connects from <paramref name="client"/> and returns the greeting (the node name) and the open socket.</summary>
    public async Task<(string Node, Socket Socket)> ConnectTcpAsync(IPAddress client)
    {
        var socket = ClientSocket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(client, 0));
            await socket.ConnectAsync(Tcp).WaitAsync($"TCP connect from {client} to {Tcp}");
            return (await Clients.ReadLineAsync(socket), socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async Task<string> ConnectTcpOnceAsync(IPAddress client)
    {
        var (node, socket) = await ConnectTcpAsync(client);
        socket.Dispose();
        return node;
    }

    public Socket UdpFrom(IPAddress client)
    {
        var socket = ClientSocket(SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(client, 0));
        return socket;
    }

    /// <summary>The node that answered a datagram to FASP port offset <paramref name="offset"/>.</summary>
    public async Task<string> UdpNodeAsync(Socket socket, int offset, string payload = "hello")
    {
        var reply = await Clients.UdpRoundTripAsync(socket, Udp(offset), System.Text.Encoding.ASCII.GetBytes(payload));
        return reply.Split('|')[0];
    }

    public RigNode Node(string name) => _nodes[name];

    public void SetIntent(string node, OperatorIntent intent) => Topology.Update(t => t with
    {
        Nodes = [.. t.Nodes.Select(n => n.Name == node ? n with { Intent = intent } : n)],
    });

    /// <summary>Open flows the path holds for a node: conntrack entries (kernel) or tracked sessions and flows (relay).</summary>
    public async Task<int> OpenFlowsAsync(string node)
    {
        if (Paths.Kernel is { } kernel)
        {
            var layout = KernelLayout.TryCreate(Topology.Current, "sce_test", false, out _)!;
            var flows = await kernel.ListFlowsAsync(layout, CancellationToken.None);
            return flows.Count(f => f.ReplySource.Equals(_nodes[node].Address));
        }

        return _services.GetRequiredService<SharesConsole.Edge.Drain.DrainRegistry>().OpenSessions(node);
    }

    /// <summary>The node the kernel's bucket map names for a client (null on the relay, which has no buckets).</summary>
    public string? BucketNode(IPAddress client) => Paths.Kernel?.Buckets is { IsDefaultOrEmpty: false } buckets ? buckets[Jhash.Bucket(client)] : null;

    public async ValueTask DisposeAsync()
    {
        await Paths.DisposeAsync().WaitAsync("the transfer path stops");
        await _services.DisposeAsync().WaitAsync("the edge's services are disposed");
        foreach (var node in _nodes.Values)
        {
            await node.KillAsync();
        }

        _network?.Dispose();
    }

    /// <summary>A stand-in node: an SSH greeter on <see cref="NodeSshPort"/> and a FASP echo on every port of the range.</summary>
    internal sealed class RigNode(string name, IPAddress address, Func<SocketType, ProtocolType, Socket>? sockets)
    {
        private TcpNameServer? _tcp;
        private readonly List<UdpNameServer> _udp = [];

        public string Name { get; } = name;

        public IPAddress Address { get; } = address;

        public NodeDefinition Definition => new()
        {
            Name = Name,
            ManagementAddress = Address,
            PublicAddress = Address,
            PrivateAddress = Address,
            Ports = new NodePorts { Web = 1, Ssh = NodeSshPort, Fasp = FaspFirst },
        };

        public void Start()
        {
            _tcp = new TcpNameServer(Name, Address, NodeSshPort, sockets);
            for (var i = 0; i < FaspPorts; i++)
            {
                _udp.Add(new UdpNameServer(Name, Address, FaspFirst + i, sockets));
            }
        }

        /// <summary>Stops the node's servers, as if it crashed; its address stays, so connects are refused at once.</summary>
        public async Task KillAsync()
        {
            if (_tcp is not null)
            {
                await _tcp.DisposeAsync().WaitAsync($"{Name} TCP server stops");
                _tcp = null;
            }

            foreach (var udp in _udp)
            {
                await udp.DisposeAsync().WaitAsync($"{Name} UDP server stops");
            }

            _udp.Clear();
        }
    }

    /// <summary>Probes a node's SSH port with a TCP connect, from where the edge is.</summary>
    private sealed class ConnectProbe(Func<SocketType, ProtocolType, Socket>? sockets) : IHealthProbe
    {
        public async Task<string?> ProbeAsync(NodeDefinition node, PoolKind pool, TimeSpan timeout, CancellationToken cancellationToken)
        {
            using var socket = sockets?.Invoke(SocketType.Stream, ProtocolType.Tcp) ?? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(timeout);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(node.PrivateAddress, node.Ports.Ssh), cts.Token);
                return null;
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                return ex.Message;
            }
        }
    }
}
