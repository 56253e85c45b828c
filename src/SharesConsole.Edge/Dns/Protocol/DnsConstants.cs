namespace SharesConsole.Edge.Dns.Protocol;

/// <summary>Record types the responder knows (RFC 1035, 3596, 6891).</summary>
internal static class DnsType
{
    public const ushort A = 1;
    public const ushort Ns = 2;
    public const ushort Soa = 6;
    public const ushort Aaaa = 28;
    public const ushort Opt = 41;
    public const ushort Ixfr = 251;
    public const ushort Axfr = 252;
    public const ushort Any = 255;
}

internal static class DnsClass
{
    public const ushort In = 1;
    public const ushort Any = 255;
}

internal static class DnsRCode
{
    public const int NoError = 0;
    public const int FormErr = 1;
    public const int ServFail = 2;
    public const int NxDomain = 3;
    public const int NotImp = 4;
    public const int Refused = 5;

    /// <summary>Extended RCODE (RFC 6891): upper 8 bits travel in the OPT record.</summary>
    public const int BadVers = 16;
}

internal static class DnsFlags
{
    public const ushort Response = 0x8000;
    public const ushort Authoritative = 0x0400;
    public const ushort Truncated = 0x0200;
    public const ushort RecursionDesired = 0x0100;
    public const ushort OpcodeMask = 0x7800;
}
