namespace SharesConsole.Edge.Dns.Zone;

/// <summary>
/// A name server host of the zone, pre-encoded: its first label (length byte and text), its full name
/// (null when label and zone together are too long) and its glue addresses.
/// </summary>
internal sealed record NameServerHost(byte[] Label, byte[]? Name, byte[]? V4, byte[]? V6)
{
    /// <summary>Bytes of its NS record (owner and zone are compression pointers) and its glue records.</summary>
    public int NsAndGlueLength => 14 + Label.Length + (V4 is null ? 0 : 16) + (V6 is null ? 0 : 28);
}
