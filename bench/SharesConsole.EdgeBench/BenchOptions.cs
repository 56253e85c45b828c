using System.Collections.Immutable;
using System.Net;
using SharesConsole.Core.Cluster;

namespace SharesConsole.EdgeBench;

/// <summary>The static topology of the peers benchmark (section <c>Bench</c>; defaults match ../shared/peers).</summary>
public sealed class BenchOptions
{
    public string Vip { get; set; } = "127.0.0.10";

    public int HttpPort { get; set; } = 9080;

    /// <summary>TCP (SSH) and UDP (FASP) port on the VIP.</summary>
    public int TransferPort { get; set; } = 9201;

    public string Nodes { get; set; } = "127.0.0.11,127.0.0.12";

    public int NodeWebPort { get; set; } = 8081;

    /// <summary>Prints the types the process allocates most at the end (<see cref="AllocationSampler"/>).</summary>
    public bool SampleAllocations { get; set; }

    public int NodeTransferPort { get; set; } = 5201;

    public ClusterTopology ToTopology() => new()
    {
        Settings = new ClusterSettings
        {
            Architecture = ArchitectureType.RedirectAll,
            Vip = IPAddress.Parse(Vip),
            Ports = new ClusterPorts { Web = HttpPort, WebTls = 0, Ssh = TransferPort, Fasp = TransferPort, FaspRangeEnd = TransferPort },
        },
        Nodes = [.. Nodes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select((address, i) =>
            new NodeState(new NodeDefinition
            {
                Name = $"node{i + 1}",
                ManagementAddress = IPAddress.Parse(address),
                PublicAddress = IPAddress.Parse(address),
                PrivateAddress = IPAddress.Parse(address),
                Ports = new NodePorts { Web = NodeWebPort, WebTls = false, Ssh = NodeTransferPort, Fasp = NodeTransferPort },
            }))],
    };
}
