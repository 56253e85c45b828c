using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SharesConsole.Core.Cluster;

namespace SharesConsole.Edge.Transfer.Kernel;

/// <summary>A node the kernel path can send clients to.</summary>
public sealed record KernelNode(string Name, IPAddress Address);

/// <summary>
/// What the nftables table is built from, apart from the bucket assignment: VIP, ports, nodes. A change here
/// rebuilds the table; a change of buckets only rewrites the map.
/// </summary>
public sealed record KernelLayout
{
    public required string Table { get; init; }

    public required IPAddress Vip { get; init; }

    public required int SshPort { get; init; }

    /// <summary>The SSH port of every node (DNAT rewrites the port).</summary>
    public required int NodeSshPort { get; init; }

    public required int FaspFirst { get; init; }

    public required int FaspLast { get; init; }

    /// <summary>The one FASP port of the nodes when the VIP has one FASP port; null keeps the client's port (a range).</summary>
    public int? NodeFaspPort { get; init; }

    public bool Masquerade { get; init; }

    public required ImmutableArray<KernelNode> Nodes { get; init; }

    /// <summary>Equal keys build equal tables.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture,
        $"{Table}|{Vip}|{SshPort}>{NodeSshPort}|{FaspFirst}-{FaspLast}>{NodeFaspPort}|{Masquerade}|{string.Join(',', Nodes.Select(n => $"{n.Name}={n.Address}"))}");

    /// <summary>The layout for a topology, or why the kernel cannot carry it (then the relay must).</summary>
    public static KernelLayout? TryCreate(ClusterTopology topology, string table, bool masquerade, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var settings = topology.Settings;
        var ports = settings.Ports;
        var faspLast = Math.Max(ports.Fasp, ports.FaspRangeEnd);
        var nodes = topology.Nodes.Select(n => n.Node).ToArray();
        reason = settings.Vip.AddressFamily != AddressFamily.InterNetwork || settings.Vip.IsIPv4MappedToIPv6
            ? $"the VIP {settings.Vip} is not IPv4"
            : ports.Ssh == 0 || ports.Fasp == 0
                ? "the SSH or FASP port of the VIP is 0 (an ephemeral port)"
                : nodes.FirstOrDefault(n => n.PrivateAddress.AddressFamily != AddressFamily.InterNetwork) is { } v6
                    ? $"node {v6.Name} has a private address {v6.PrivateAddress} that is not IPv4"
                    : nodes.Select(n => n.Ports.Ssh).Distinct().Count() > 1
                        ? "the nodes listen for SSH on different ports"
                        : nodes.Select(n => n.Ports.Fasp).Distinct().Count() > 1
                            ? "the nodes listen for FASP on different ports"
                            : faspLast > ports.Fasp && nodes.Any(n => n.Ports.Fasp != ports.Fasp)
                                ? $"the FASP range {ports.Fasp}-{faspLast} starts at another port on the nodes"
                                : null;
        if (reason is not null)
        {
            return null;
        }

        return new KernelLayout
        {
            Table = table,
            Vip = settings.Vip,
            SshPort = ports.Ssh,
            NodeSshPort = nodes.Length == 0 ? ports.Ssh : nodes[0].Ports.Ssh,
            FaspFirst = ports.Fasp,
            FaspLast = faspLast,
            NodeFaspPort = faspLast > ports.Fasp ? null : nodes.Length == 0 ? ports.Fasp : nodes[0].Ports.Fasp,
            Masquerade = masquerade,
            Nodes = [.. nodes.Select(n => new KernelNode(n.Name, n.PrivateAddress))],
        };
    }

    /// <summary>Whether a conntrack flow is one of this layout's transfers.</summary>
    public bool Carries(ConntrackFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return flow.Destination.Equals(Vip) && (flow.Protocol == ProtocolType.Tcp
            ? flow.DestinationPort == SshPort
            : flow.Protocol == ProtocolType.Udp && flow.DestinationPort >= FaspFirst && flow.DestinationPort <= FaspLast);
    }
}
