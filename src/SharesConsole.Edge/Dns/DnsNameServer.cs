namespace SharesConsole.Edge.Dns;

/// <summary>
/// One edge that answers DNS, as the zone publishes it: <c>Name</c> is the first label of its host name in the zone,
/// <c>Address</c> the address it listens on. A dual-stack edge is two entries with the same name.
/// </summary>
public sealed record DnsNameServer
{
    public string Name { get; init; } = "";

    public string Address { get; init; } = "";
}
