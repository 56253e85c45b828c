using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SharesConsole.Core.Cluster;
using SharesConsole.Edge.Dns.Protocol;

namespace SharesConsole.Edge.Dns.Zone;

/// <summary>
/// Turns one query into one reply, allocation-free: the zone comes from the current topology snapshot,
/// node health is read from <see cref="INodeHealthSource"/> on every query (never cached here).
/// </summary>
// Stack buffers are only read up to what was written into them; skipping zero-init saves ~800 bytes of stores per query.
[SkipLocalsInit]
internal sealed class DnsResponder(
    IClusterTopologySource topology,
    INodeHealthSource health,
    IOptions<DnsOptions> options,
    ILogger<DnsResponder> logger,
    DnsQueryCounters? counters = null)
{
    public const int MaxTcpMessage = 65535;
    public const int ClassicUdpLimit = 512;

    private const int HeaderLength = DnsQueryParser.HeaderLength;
    private const int StackNodes = 64;
    private const uint SoaRefresh = 3600;
    private const uint SoaRetry = 600;
    private const uint SoaExpire = 86400;

    private static readonly byte[] HostmasterLabel = [10, .. "hostmaster"u8];

    private readonly DnsOptions _options = options.Value;
    private readonly DnsQueryCounters _counters = counters ?? new DnsQueryCounters();
    private ZoneSnapshot? _snapshot;
    private long _rotationV4;
    private long _rotationV6;
    private int _degradedV4;
    private int _degradedV6;

    /// <summary>Writes the reply to <paramref name="request"/> into <paramref name="response"/> (at least 512 bytes); 0 means drop.</summary>
    public int Respond(ReadOnlySpan<byte> request, Span<byte> response, bool tcp)
    {
        Span<byte> name = stackalloc byte[DnsName.MaxLength];
        var status = DnsQueryParser.Parse(request, name, out var query);
        switch (status)
        {
            case DnsParseStatus.Drop:
                _counters.CountDropped();
                return 0;
            case DnsParseStatus.FormatError:
                _counters.CountAnswered(DnsRCode.FormErr);
                return WriteHeaderOnly(response, query, DnsRCode.FormErr);
            case DnsParseStatus.NotImplemented:
                _counters.CountAnswered(DnsRCode.NotImp);
                return WriteHeaderOnly(response, query, DnsRCode.NotImp);
        }

        var limit = tcp ? MaxTcpMessage
            : query.HasEdns ? Math.Clamp((int)query.EdnsPayloadSize, ClassicUdpLimit, _options.MaxUdpPayload)
            : ClassicUdpLimit;
        var writer = new DnsWriter(response[..Math.Min(limit, response.Length)]);
        var qname = name[..query.NameLength];
        writer.WriteUInt16(query.Id);
        writer.WriteUInt16(0);
        writer.WriteUInt16(1);
        writer.WriteUInt32(0);
        writer.WriteUInt16(0);
        writer.WriteBytes(qname);
        writer.WriteUInt16(query.Type);
        writer.WriteUInt16(query.Class);
        var questionEnd = writer.Position;

        var sections = new AnswerWriter(this, Snapshot()).Write(ref writer, qname, query);
        if (writer.Overflowed)
        {
            writer.Rewind(questionEnd);
            sections = sections with { Answers = 0, Authorities = 0, Additionals = 0, Truncated = true };
        }

        var additionals = sections.Additionals;

        if (query.HasEdns)
        {
            WriteOpt(ref writer, query, sections.RCode);
            additionals++;
        }

        var flags = (ushort)(DnsFlags.Response | (query.Flags & DnsFlags.RecursionDesired) | (sections.RCode & 0xF)
            | (sections.Authoritative ? DnsFlags.Authoritative : 0) | (sections.Truncated ? DnsFlags.Truncated : 0));
        writer.Patch(2, flags);
        writer.Patch(6, (ushort)sections.Answers);
        writer.Patch(8, (ushort)sections.Authorities);
        writer.Patch(10, (ushort)additionals);
        _counters.CountAnswered(sections.RCode);
        return writer.Position;
    }

    internal ZoneSnapshot Snapshot()
    {
        var current = topology.Current;
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is null || !ReferenceEquals(snapshot.Source, current))
        {
            snapshot = ZoneSnapshot.Create(current, _options);
            if (snapshot.Zone is null || snapshot.Transfer is null)
            {
                DnsLog.InvalidZone(logger, current.Settings.DnsZone, current.Settings.TransferFqdn);
            }
            else if (snapshot.NsReplyLength > ClassicUdpLimit)
            {
                DnsLog.NameServersOverUdpLimit(logger, current.Settings.DnsZone, snapshot.NsReplyLength, ClassicUdpLimit);
            }

            Volatile.Write(ref _snapshot, snapshot);
        }

        return snapshot;
    }

    /// <summary>Writes the rotated addresses of the transfer name; returns the count, or -1 to fail closed.</summary>
    internal int WriteRotation(ref DnsWriter writer, ImmutableArray<ZoneNode> nodes, bool v6, uint ttl)
    {
        if (nodes.IsEmpty)
        {
            return 0;
        }

        Span<int> members = nodes.Length <= StackNodes ? stackalloc int[StackNodes] : new int[nodes.Length];
        Span<int> weights = nodes.Length <= StackNodes ? stackalloc int[StackNodes] : new int[nodes.Length];
        var count = 0;
        for (var i = 0; i < nodes.Length; i++)
        {
            if (PoolMembership.AcceptsNewTraffic(nodes[i].State, PoolKind.Transfer, health))
            {
                members[count] = i;
                weights[count++] = _options.UseWeights ? nodes[i].Weight : 1;
            }
        }

        ref var degraded = ref v6 ? ref _degradedV6 : ref _degradedV4;
        if (count == 0)
        {
            count = FailOpenMembers(nodes, members, weights);
            if (Interlocked.Exchange(ref degraded, 1) == 0)
            {
                LogDegraded(v6, count);
            }

            if (!_options.FailOpen)
            {
                return -1;
            }
        }
        else if (Volatile.Read(ref degraded) == 1 && Interlocked.Exchange(ref degraded, 0) == 1)
        {
            DnsLog.Recovered(logger, v6 ? "AAAA" : "A", count);
        }

        var counter = (ulong)Interlocked.Increment(ref v6 ? ref _rotationV6 : ref _rotationV4);
        var first = WeightedRotation.First(weights[..count], counter);
        var answers = _options.SingleAnswer ? 1 : count;
        for (var k = 0; k < answers; k++)
        {
            var node = nodes[members[(first + k) % count]];
            WriteAddressRecord(ref writer, HeaderLength, v6 ? DnsType.Aaaa : DnsType.A, ttl, node.Address);
        }

        return answers;
    }

    internal static void WriteAddressRecord(ref DnsWriter writer, int ownerOffset, ushort type, uint ttl, ReadOnlySpan<byte> address)
    {
        writer.WritePointer(ownerOffset);
        writer.WriteUInt16(type);
        writer.WriteUInt16(DnsClass.In);
        writer.WriteUInt32(ttl);
        writer.WriteUInt16((ushort)address.Length);
        writer.WriteBytes(address);
    }

    internal static void WriteSoa(ref DnsWriter writer, ZoneSnapshot zone, ref int zoneOffset)
    {
        WriteZoneName(ref writer, zone, ref zoneOffset);
        writer.WriteUInt16(DnsType.Soa);
        writer.WriteUInt16(DnsClass.In);
        writer.WriteUInt32(zone.Ttl);
        var lengthAt = writer.Position;
        writer.WriteUInt16(0);
        writer.WriteBytes(zone.NameServers[0].Label);
        WriteZoneName(ref writer, zone, ref zoneOffset);
        writer.WriteBytes(HostmasterLabel);
        WriteZoneName(ref writer, zone, ref zoneOffset);
        writer.WriteUInt32(zone.Serial);
        writer.WriteUInt32(SoaRefresh);
        writer.WriteUInt32(SoaRetry);
        writer.WriteUInt32(SoaExpire);
        writer.WriteUInt32(zone.Ttl);
        writer.Patch(lengthAt, (ushort)(writer.Position - lengthAt - 2));
    }

    /// <summary>Writes the NS record of <paramref name="host"/>; returns where its host name starts, for its glue records.</summary>
    internal static int WriteNs(ref DnsWriter writer, ZoneSnapshot zone, NameServerHost host, ref int zoneOffset)
    {
        WriteZoneName(ref writer, zone, ref zoneOffset);
        writer.WriteUInt16(DnsType.Ns);
        writer.WriteUInt16(DnsClass.In);
        writer.WriteUInt32(zone.Ttl);
        var lengthAt = writer.Position;
        writer.WriteUInt16(0);
        var hostAt = writer.Position;
        writer.WriteBytes(host.Label);
        WriteZoneName(ref writer, zone, ref zoneOffset);
        writer.Patch(lengthAt, (ushort)(writer.Position - lengthAt - 2));
        return hostAt;
    }

    private static void WriteZoneName(ref DnsWriter writer, ZoneSnapshot zone, ref int zoneOffset)
    {
        if (zoneOffset >= 0)
        {
            writer.WritePointer(zoneOffset);
            return;
        }

        zoneOffset = writer.Position;
        writer.WriteBytes(zone.Zone);
    }

    private static int FailOpenMembers(ImmutableArray<ZoneNode> nodes, Span<int> members, Span<int> weights)
    {
        var count = 0;
        for (var pass = 0; pass < 2 && count == 0; pass++)
        {
            for (var i = 0; i < nodes.Length; i++)
            {
                if (pass == 1 || !nodes[i].State.IsExcluded)
                {
                    members[count] = i;
                    weights[count++] = 1;
                }
            }
        }

        return count;
    }

    private void LogDegraded(bool v6, int count)
    {
        var family = v6 ? "AAAA" : "A";
        if (_options.FailOpen)
        {
            DnsLog.FailingOpen(logger, family, count);
        }
        else
        {
            DnsLog.FailingClosed(logger, family);
        }
    }

    private void WriteOpt(ref DnsWriter writer, DnsQuery query, int rcode)
    {
        writer.WriteBytes([0]);
        writer.WriteUInt16(DnsType.Opt);
        writer.WriteUInt16((ushort)_options.MaxUdpPayload);
        writer.WriteUInt32((uint)((rcode >> 4) << 24) | (query.DnssecOk ? 0x8000u : 0));
        writer.WriteUInt16(0);
    }

    private static int WriteHeaderOnly(Span<byte> response, DnsQuery query, int rcode)
    {
        var writer = new DnsWriter(response);
        writer.WriteUInt16(query.Id);
        writer.WriteUInt16((ushort)(DnsFlags.Response | (query.Flags & (DnsFlags.OpcodeMask | DnsFlags.RecursionDesired)) | rcode));
        writer.WriteUInt32(0);
        writer.WriteUInt32(0);
        return writer.Position;
    }
}
