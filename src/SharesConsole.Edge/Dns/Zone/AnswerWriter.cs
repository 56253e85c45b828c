using SharesConsole.Edge.Dns.Protocol;

namespace SharesConsole.Edge.Dns.Zone;

/// <summary>Decides what a question gets (RFC 1035 4.3.2 for an authoritative-only server) and writes those records.</summary>
internal readonly struct AnswerWriter(DnsResponder responder, ZoneSnapshot zone)
{
    private const int QuestionOffset = DnsQueryParser.HeaderLength;

    public AnswerSections Write(ref DnsWriter writer, scoped ReadOnlySpan<byte> qname, DnsQuery query)
    {
        if (query.EdnsVersion > 0)
        {
            return new AnswerSections(DnsRCode.BadVers, false);
        }

        if (zone.Zone is null || zone.Transfer is null || query.Class is not (DnsClass.In or DnsClass.Any)
            || query.Type is DnsType.Axfr or DnsType.Ixfr)
        {
            return new AnswerSections(DnsRCode.Refused, false);
        }

        var inZone = DnsName.SuffixOffset(qname, zone.Zone);
        var isTransfer = DnsName.EqualsIgnoreCase(qname, zone.Transfer);
        if (inZone < 0 && !isTransfer)
        {
            return new AnswerSections(DnsRCode.Refused, false);
        }

        var zoneOffset = inZone < 0 ? -1 : QuestionOffset + inZone;
        if (isTransfer)
        {
            return WriteTransfer(ref writer, query.Type, ref zoneOffset);
        }

        if (inZone == 0)
        {
            return WriteApex(ref writer, query.Type, ref zoneOffset);
        }

        if (zone.NameServer is not null && DnsName.EqualsIgnoreCase(qname, zone.NameServer))
        {
            return WriteNameServerHost(ref writer, query.Type, ref zoneOffset);
        }

        var exists = DnsName.SuffixOffset(zone.Transfer, qname) > 0
            || (zone.NameServer is not null && DnsName.SuffixOffset(zone.NameServer, qname) > 0);
        return Negative(ref writer, exists ? DnsRCode.NoError : DnsRCode.NxDomain, ref zoneOffset);
    }

    private AnswerSections WriteTransfer(ref DnsWriter writer, ushort type, ref int zoneOffset)
    {
        var start = writer.Position;
        var wantsV4 = type is DnsType.A or DnsType.Any;
        var wantsV6 = type is DnsType.Aaaa or DnsType.Any;
        var v4 = wantsV4 ? responder.WriteRotation(ref writer, zone.V4, v6: false, zone.Ttl) : 0;
        var v6 = wantsV6 && v4 >= 0 ? responder.WriteRotation(ref writer, zone.V6, v6: true, zone.Ttl) : 0;
        if (v4 < 0 || v6 < 0)
        {
            writer.Rewind(start);
            return new AnswerSections(DnsRCode.ServFail, true);
        }

        return v4 + v6 > 0 ? new AnswerSections(DnsRCode.NoError, true, v4 + v6) : Negative(ref writer, DnsRCode.NoError, ref zoneOffset);
    }

    private AnswerSections WriteApex(ref DnsWriter writer, ushort type, ref int zoneOffset)
    {
        switch (type)
        {
            case DnsType.Soa:
                DnsResponder.WriteSoa(ref writer, zone, ref zoneOffset);
                return new AnswerSections(DnsRCode.NoError, true, 1);
            case DnsType.Ns:
                var hostAt = DnsResponder.WriteNs(ref writer, zone, ref zoneOffset);
                return new AnswerSections(DnsRCode.NoError, true, 1, Additionals: WriteVip(ref writer, hostAt, DnsType.Any));
            case DnsType.Any:
                DnsResponder.WriteSoa(ref writer, zone, ref zoneOffset);
                DnsResponder.WriteNs(ref writer, zone, ref zoneOffset);
                return new AnswerSections(DnsRCode.NoError, true, 2);
            default:
                return Negative(ref writer, DnsRCode.NoError, ref zoneOffset);
        }
    }

    private AnswerSections WriteNameServerHost(ref DnsWriter writer, ushort type, ref int zoneOffset)
    {
        var count = WriteVip(ref writer, QuestionOffset, type);
        return count > 0 ? new AnswerSections(DnsRCode.NoError, true, count) : Negative(ref writer, DnsRCode.NoError, ref zoneOffset);
    }

    private int WriteVip(ref DnsWriter writer, int ownerOffset, ushort type)
    {
        var count = 0;
        if (zone.VipV4 is not null && type is DnsType.A or DnsType.Any)
        {
            DnsResponder.WriteAddressRecord(ref writer, ownerOffset, DnsType.A, zone.Ttl, zone.VipV4);
            count++;
        }

        if (zone.VipV6 is not null && type is DnsType.Aaaa or DnsType.Any)
        {
            DnsResponder.WriteAddressRecord(ref writer, ownerOffset, DnsType.Aaaa, zone.Ttl, zone.VipV6);
            count++;
        }

        return count;
    }

    /// <summary>NXDOMAIN, or NODATA for an existing name without records of the type: the SOA goes in the authority section.</summary>
    private AnswerSections Negative(ref DnsWriter writer, int rcode, ref int zoneOffset)
    {
        DnsResponder.WriteSoa(ref writer, zone, ref zoneOffset);
        return new AnswerSections(rcode, true, Authorities: 1);
    }
}
