namespace SharesConsole.Edge.Dns.Protocol;

internal enum DnsParseStatus
{
    Ok,

    /// <summary>Not answerable (too short, or itself a response): no reply at all.</summary>
    Drop,

    /// <summary>Header readable, rest malformed: FORMERR.</summary>
    FormatError,

    /// <summary>An opcode other than QUERY: NOTIMP.</summary>
    NotImplemented,
}
