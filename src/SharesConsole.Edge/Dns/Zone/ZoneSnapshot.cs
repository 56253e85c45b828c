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

    /// <summary>The name server host, first label plus the zone.</summary>
    public required byte[]? NameServer { get; init; }

    /// <summary>The name server's first label in wire format (length byte and text).</summary>
    public required byte[] NameServerLabel { get; init; }

    public required uint Ttl { get; init; }

    public required uint Serial { get; init; }

    public required ImmutableArray<ZoneNode> V4 { get; init; }

    public required ImmutableArray<ZoneNode> V6 { get; init; }

    public required byte[]? VipV4 { get; init; }

    public required byte[]? VipV6 { get; init; }

    public static ZoneSnapshot Create(ClusterTopology topology, string nameServerLabel)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var settings = topology.Settings;
        var zone = DnsName.Encode(settings.DnsZone);
        var label = DnsName.Encode(nameServerLabel) ?? DnsName.Encode("ns1")!;
        var labelOnly = label[..^1];
        byte[]? nameServer = zone is null || labelOnly.Length + zone.Length > DnsName.MaxLength ? null : [.. labelOnly, .. zone];
        var vip = settings.Vip.IsIPv4MappedToIPv6 ? settings.Vip.MapToIPv4() : settings.Vip;
        return new ZoneSnapshot
        {
            Source = topology,
            Zone = zone,
            Transfer = DnsName.Encode(settings.TransferFqdn),
            NameServer = nameServer,
            NameServerLabel = labelOnly,
            Ttl = (uint)Math.Clamp(settings.DnsTtl.TotalSeconds, 0, int.MaxValue),
            Serial = (uint)Math.Max(1, topology.Epoch % uint.MaxValue),
            V4 = Nodes(topology, AddressFamily.InterNetwork),
            V6 = Nodes(topology, AddressFamily.InterNetworkV6),
            VipV4 = vip.AddressFamily == AddressFamily.InterNetwork ? vip.GetAddressBytes() : null,
            VipV6 = vip.AddressFamily == AddressFamily.InterNetworkV6 ? vip.GetAddressBytes() : null,
        };
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
