using System.Net;
using SharesConsole.Core.Catalog;
using SharesConsole.Core.Cluster;

namespace SharesConsole.Core.Lab;

/// <summary>
/// The embedded lab of DESIGN.md: VIP 127.0.0.20 (web 8080, ssh 33001/tcp, fasp 33001/udp,
/// DNS 8053 for transfer.shares.test), node-a on 127.0.0.21 and node-b on 127.0.0.22, node-a active.
/// Lab stand-ins speak plain HTTP, so the catalog's web probes are adjusted to the lab ports.
/// </summary>
public static class LabDefaults
{
    public const int WebPort = 8080;
    public const int HttpdPort = 8081;
    public const int NodedPort = 9092;
    public const int TransferPort = 33001;
    public const int MysqlPort = 3306;
    public const int DnsPort = 8053;

    public static IPAddress Vip { get; } = IPAddress.Parse("127.0.0.20");

    public static ClusterSettings Settings { get; } = new()
    {
        Architecture = ArchitectureType.RedirectAll,
        Vip = Vip,
        WebFqdn = "shares.test",
        TransferFqdn = "transfer.shares.test",
        DnsZone = "shares.test",
        Ports = new ClusterPorts { Web = WebPort, WebTls = 8443, Ssh = TransferPort, Fasp = TransferPort, FaspRangeEnd = TransferPort, Dns = DnsPort },
    };

    public static NodeDefinition Node(string name, IPAddress address, int preference) => new()
    {
        Name = name,
        ManagementAddress = address,
        PublicAddress = address,
        PrivateAddress = address,
        Preference = preference,
        Ports = new NodePorts { Web = WebPort, WebTls = false, Ssh = TransferPort, Fasp = TransferPort, Noded = NodedPort },
    };

    public static ClusterTopology Topology { get; } = new()
    {
        Settings = Settings,
        Nodes =
        [
            new NodeState(Node("node-a", IPAddress.Parse("127.0.0.21"), 0)),
            new NodeState(Node("node-b", IPAddress.Parse("127.0.0.22"), 1)),
        ],
        ActiveNode = "node-a",
        Epoch = 1,
    };

    public static ServiceCatalog Catalog { get; } = ServiceCatalog.Create(ServiceCatalog.Default.Services.Select(s => s.Name switch
    {
        "nginx" => s with { Probe = ProbeDefinition.Http(WebPort, "/health") },
        "asperahttpd" => s with { Probe = ProbeDefinition.Tcp(HttpdPort) },
        "asperanoded" => s with { Probe = ProbeDefinition.Http(NodedPort, "/ping", expectEmptyBody: true) },
        "mysqld" => s with { Probe = ProbeDefinition.Tcp(MysqlPort) },
        _ => s,
    }));
}
