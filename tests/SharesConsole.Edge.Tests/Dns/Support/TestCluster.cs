using System.Net;
using SharesConsole.Core.Cluster;

namespace SharesConsole.Edge.Tests.Dns.Support;

/// <summary>Topologies for DNS tests. Node addresses are record data only; no traffic goes to them.</summary>
public static class TestCluster
{
    public const string Zone = "shares.test";
    public const string Transfer = "transfer.shares.test";

    public static ClusterTopology Topology(int nodes, int ttlSeconds = 5, bool v6 = false, Func<int, int>? weight = null) => new()
    {
        Settings = new ClusterSettings
        {
            Architecture = ArchitectureType.WebOnly,
            Vip = IPAddress.Parse("127.0.4.250"),
            DnsZone = Zone,
            TransferFqdn = Transfer,
            DnsTtl = TimeSpan.FromSeconds(ttlSeconds),
        },
        Nodes = [.. Enumerable.Range(1, nodes).Select(i => new NodeState(Node(i, v6, weight?.Invoke(i) ?? 1)))],
        Epoch = 7,
    };

    public static string NodeName(int i) => $"node-{i}";

    public static IPAddress Address(int i, bool v6 = false) =>
        v6 ? IPAddress.Parse($"fd00:4::{i:x}") : IPAddress.Parse($"127.1.{i / 250}.{i % 250 + 1}");

    public static NodeDefinition Node(int i, bool v6 = false, int weight = 1) => new()
    {
        Name = NodeName(i),
        ManagementAddress = Address(i, v6),
        PublicAddress = Address(i, v6),
        PrivateAddress = Address(i, v6),
        Weight = weight,
    };

    /// <summary>Two IPv4 nodes and one IPv6 node.</summary>
    public static ClusterTopology DualStack() => Topology(2) with
    {
        Nodes = [.. Topology(2).Nodes, new NodeState(Node(3, v6: true))],
    };
}
