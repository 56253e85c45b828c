using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Dns.Protocol;

namespace SharesConsole.Edge.Dns.Zone;

/// <summary>
/// The zone derived from one <see cref="ClusterTopology"/>, pre-encoded for the wire. It holds configuration only;
/// health is read per query. Rebuilt whenever the topology instance changes.
/// </summary>
internal sealed class ZoneSnapshot
{
    /// <summary>Heavier weights are capped so the weighted rotation stays cheap and cannot overflow.</summary>
    public const int MaxWeight = 1000;

    public required ClusterTopology Source { get; init; }

    /// <summary>Null when the configured zone is not a valid name: every query is then refused.</summary>
    public required byte[]? Zone { get; init; }

    public required byte[]? Transfer { get; init; }

    /// <summary>The apex NS records in order, never empty; the first is the SOA's primary name server.</summary>
    public required ImmutableArray<NameServerHost> NameServers { get; init; }

    /// <summary>Size of the reply to a plain NS query at the apex, with every glue record; 0 when the zone is invalid.</summary>
    public required int NsReplyLength { get; init; }

    public required uint Ttl { get; init; }

    public required uint Serial { get; init; }

    public required ImmutableArray<ZoneNode> V4 { get; init; }

    public required ImmutableArray<ZoneNode> V6 { get; init; }

    public static ZoneSnapshot Create(ClusterTopology topology, DnsOptions options)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(options);
        var settings = topology.Settings;
        var zone = DnsName.Encode(settings.DnsZone);
        var nameServers = NameServerHosts(options, Normalize(settings.Vip), zone);
        return new ZoneSnapshot
        {
            Source = topology,
            Zone = zone,
            Transfer = DnsName.Encode(settings.TransferFqdn),
            NameServers = nameServers,
            NsReplyLength = zone is null ? 0 : DnsQueryParser.HeaderLength + zone.Length + 4 + nameServers.Sum(h => h.NsAndGlueLength),
            Ttl = (uint)Math.Clamp(settings.DnsTtl.TotalSeconds, 0, int.MaxValue),
            Serial = (uint)Math.Max(1, topology.Epoch % uint.MaxValue),
            V4 = Nodes(topology, AddressFamily.InterNetwork),
            V6 = Nodes(topology, AddressFamily.InterNetworkV6),
        };
    }

    /// <summary>
    /// One host per distinct name of <c>Dns:NameServers</c>, in order, with the addresses its entries give;
    /// with none, <c>Dns:NameServer</c> at the VIP. Entries the validator would refuse are skipped.
    /// </summary>
    private static ImmutableArray<NameServerHost> NameServerHosts(DnsOptions options, IPAddress vip, byte[]? zone)
    {
        var hosts = new List<NameServerHost>();
        foreach (var entry in options.NameServers)
        {
            if (DnsName.Encode(entry.Name) is { } name && name[0] == name.Length - 2 && IPAddress.TryParse(entry.Address, out var address))
            {
                Add(hosts, name[..^1], Normalize(address), zone);
            }
        }

        if (hosts.Count == 0)
        {
            Add(hosts, (DnsName.Encode(options.NameServer) ?? DnsName.Encode("ns1")!)[..^1], vip, zone);
        }

        return [.. hosts];
    }

    /// <summary>A second entry with a known name adds its address to that host (a dual-stack edge) instead of another NS record.</summary>
    private static void Add(List<NameServerHost> hosts, byte[] label, IPAddress address, byte[]? zone)
    {
        var bytes = address.GetAddressBytes();
        var v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        var index = hosts.FindIndex(h => h.Label.AsSpan().SequenceEqual(label));
        if (index < 0)
        {
            byte[]? name = zone is null || label.Length + zone.Length > DnsName.MaxLength ? null : [.. label, .. zone];
            hosts.Add(new NameServerHost(label, name, v6 ? null : bytes, v6 ? bytes : null));
            return;
        }

        var host = hosts[index];
        hosts[index] = v6 ? host with { V6 = host.V6 ?? bytes } : host with { V4 = host.V4 ?? bytes };
    }

    private static ImmutableArray<ZoneNode> Nodes(ClusterTopology topology, AddressFamily family) =>
    [
        .. from state in topology.Nodes
           let address = Normalize(state.Node.PublicAddress)
           where address.AddressFamily == family
           select new ZoneNode(state, address.GetAddressBytes(), Math.Clamp(state.Node.Weight, 1, MaxWeight)),
    ];

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
