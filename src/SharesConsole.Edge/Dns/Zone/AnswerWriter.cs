using SharesConsole.Edge.Dns.Protocol;

namespace SharesConsole.Edge.Dns.Zone;

/// <summary>Decides what a question gets (RFC 1035 4.3.2 for an authoritative-only server) and writes those records.</summary>
internal readonly struct AnswerWriter(DnsResponder responder, ZoneSnapshot zone)
{
    private const int QuestionOffset = DnsQueryParser.HeaderLength;
    private const int StackHosts = 16;

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

        var exists = DnsName.SuffixOffset(zone.Transfer, qname) > 0;
        foreach (var host in zone.NameServers)
        {
            if (host.Name is null)
            {
                continue;
            }

            if (DnsName.EqualsIgnoreCase(qname, host.Name))
            {
                return WriteNameServerHost(ref writer, host, query.Type, ref zoneOffset);
            }

            exists |= DnsName.SuffixOffset(host.Name, qname) > 0;
        }

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
                return WriteNsWithGlue(ref writer, ref zoneOffset);
            case DnsType.Any:
                DnsResponder.WriteSoa(ref writer, zone, ref zoneOffset);
                for (var i = 0; i < zone.NameServers.Length; i++)
                {
                    DnsResponder.WriteNs(ref writer, zone, zone.NameServers[i], ref zoneOffset);
                }

                return new AnswerSections(DnsRCode.NoError, true, 1 + zone.NameServers.Length);
            default:
                return Negative(ref writer, DnsRCode.NoError, ref zoneOffset);
        }
    }

    /// <summary>
    /// Every NS record, then every host's glue, owned by a pointer to the host name inside its NS record.
    /// A reply too large for the client comes back truncated as a whole (TC), like any other answer.
    /// </summary>
    private AnswerSections WriteNsWithGlue(ref DnsWriter writer, ref int zoneOffset)
    {
        var hosts = zone.NameServers;
        Span<int> hostAt = hosts.Length <= StackHosts ? stackalloc int[StackHosts] : new int[hosts.Length];
        for (var i = 0; i < hosts.Length; i++)
        {
            hostAt[i] = DnsResponder.WriteNs(ref writer, zone, hosts[i], ref zoneOffset);
        }

        var glue = 0;
        for (var i = 0; i < hosts.Length; i++)
        {
            glue += WriteAddresses(ref writer, hosts[i], hostAt[i], DnsType.Any);
        }

        return new AnswerSections(DnsRCode.NoError, true, hosts.Length, Additionals: glue);
    }

    private AnswerSections WriteNameServerHost(ref DnsWriter writer, NameServerHost host, ushort type, ref int zoneOffset)
    {
        var count = WriteAddresses(ref writer, host, QuestionOffset, type);
        return count > 0 ? new AnswerSections(DnsRCode.NoError, true, count) : Negative(ref writer, DnsRCode.NoError, ref zoneOffset);
    }

    private int WriteAddresses(ref DnsWriter writer, NameServerHost host, int ownerOffset, ushort type)
    {
        var count = 0;
        if (host.V4 is not null && type is DnsType.A or DnsType.Any)
        {
            DnsResponder.WriteAddressRecord(ref writer, ownerOffset, DnsType.A, zone.Ttl, host.V4);
            count++;
        }

        if (host.V6 is not null && type is DnsType.Aaaa or DnsType.Any)
        {
            DnsResponder.WriteAddressRecord(ref writer, ownerOffset, DnsType.Aaaa, zone.Ttl, host.V6);
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
