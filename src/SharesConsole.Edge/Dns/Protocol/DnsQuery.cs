namespace SharesConsole.Edge.Dns.Protocol;

/// <summary>The parsed parts of a query the responder needs; the question name lives in the caller's buffer.</summary>
internal readonly record struct DnsQuery
{
    public ushort Id { get; init; }

    public ushort Flags { get; init; }

    public int NameLength { get; init; }

    public ushort Type { get; init; }

    public ushort Class { get; init; }

    public bool HasEdns { get; init; }

    public ushort EdnsPayloadSize { get; init; }

    public byte EdnsVersion { get; init; }

    public bool DnssecOk { get; init; }

    public bool RecursionDesired => (Flags & DnsFlags.RecursionDesired) != 0;

    public int Opcode => (Flags & DnsFlags.OpcodeMask) >> 11;
}
