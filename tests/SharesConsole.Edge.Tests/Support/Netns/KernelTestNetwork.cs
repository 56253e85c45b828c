using System.Net;
using System.Net.Sockets;

namespace SharesConsole.Edge.Tests.Support.Netns;

/// <summary>
/// Three namespaces, so real packets cross the edge's prerouting hook as they do in production:
/// clients (10.201.0.0/24) — veth — edge router (nftables, forwarding) — veth — nodes (10.201.1.0/24). The VIP is
/// routed to the edge but assigned nowhere: only the edge's DNAT makes it answer. The host's own namespace is not
/// touched. Namespaces of a crashed run are deleted by name before new ones are made.
/// </summary>
internal sealed class KernelTestNetwork : IDisposable
{
    private const string Prefix = "sce";
    private readonly List<NetworkNamespace> _namespaces = [];

    public static readonly IPAddress Vip = IPAddress.Parse("10.201.9.1");

    private KernelTestNetwork()
    {
        var id = $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}"[..24];
        Clients = Add($"{id}-c");
        Edge = Add($"{id}-e");
        Nodes = Add($"{id}-n");
    }

    public NetworkNamespace Clients { get; }

    public NetworkNamespace Edge { get; }

    public NetworkNamespace Nodes { get; }

    public static IPAddress Client(int index) => IPAddress.Parse($"10.201.0.{100 + index}");

    public static IPAddress Node(int index) => IPAddress.Parse($"10.201.1.{11 + index}");

    /// <param name="nodesRouteBack">False leaves the nodes a route to the edge's network only, as nodes that need the edge to masquerade.</param>
    public static KernelTestNetwork Create(int clients, int nodes, bool nodesRouteBack = true)
    {
        foreach (var leftover in NetworkNamespace.Leftovers(Prefix))
        {
            NetworkNamespace.Delete(leftover);
        }

        var network = new KernelTestNetwork();
        try
        {
            network.Wire(clients, nodes, nodesRouteBack);
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    private NetworkNamespace Add(string name)
    {
        var ns = NetworkNamespace.Create(name);
        _namespaces.Add(ns);
        return ns;
    }

    private void Wire(int clients, int nodes, bool nodesRouteBack)
    {
        Clients.Ip("link", "add", "c0", "type", "veth", "peer", "name", "e0", "netns", Edge.Name);
        Nodes.Ip("link", "add", "n0", "type", "veth", "peer", "name", "e1", "netns", Edge.Name);
        foreach (var ns in _namespaces)
        {
            ns.Ip("link", "set", "lo", "up");
        }

        Edge.Ip("addr", "add", "10.201.0.1/24", "dev", "e0");
        Edge.Ip("addr", "add", "10.201.1.1/24", "dev", "e1");
        Edge.Ip("link", "set", "e0", "up");
        Edge.Ip("link", "set", "e1", "up");
        Edge.Exec("sysctl", "-qw", "net.ipv4.ip_forward=1");
        Clients.Ip("addr", "add", "10.201.0.2/24", "dev", "c0");
        for (var i = 0; i < clients; i++)
        {
            Clients.Ip("addr", "add", $"{Client(i)}/24", "dev", "c0");
        }

        Clients.Ip("link", "set", "c0", "up");
        Clients.Ip("route", "add", "default", "via", "10.201.0.1");
        for (var i = 0; i < nodes; i++)
        {
            Nodes.Ip("addr", "add", $"{Node(i)}/24", "dev", "n0");
        }

        Nodes.Ip("link", "set", "n0", "up");
        if (nodesRouteBack)
        {
            Nodes.Ip("route", "add", "default", "via", "10.201.1.1");
        }
    }

    public Socket ClientSocket(SocketType type, ProtocolType protocol) => Clients.Socket(type, protocol);

    public Socket NodeSocket(SocketType type, ProtocolType protocol) => Nodes.Socket(type, protocol);

    public void Dispose()
    {
        foreach (var ns in _namespaces)
        {
            ns.Dispose();
        }
    }
}
