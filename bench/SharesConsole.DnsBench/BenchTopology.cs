using System.Net;
using SharesConsole.Core.Cluster;

namespace SharesConsole.DnsBench;

/// <summary>The peer benchmark's zone (shared/peers/dns.sh): example.test, transfer.example.test on 127.0.0.11 and .12, TTL 5.</summary>
internal static class BenchTopology
{
    public static ClusterTopology Create() => new()
    {
        Settings = new ClusterSettings
        {
            Architecture = ArchitectureType.WebOnly,
            Vip = IPAddress.Parse("127.0.0.10"),
            DnsZone = "example.test",
            TransferFqdn = "transfer.example.test",
            DnsTtl = TimeSpan.FromSeconds(5),
        },
        Nodes = [new NodeState(Node("node-1", "127.0.0.11")), new NodeState(Node("node-2", "127.0.0.12"))],
        Epoch = 1,
    };

    private static NodeDefinition Node(string name, string address) => new()
    {
        Name = name,
        ManagementAddress = IPAddress.Parse(address),
        PublicAddress = IPAddress.Parse(address),
        PrivateAddress = IPAddress.Parse(address),
    };
}
