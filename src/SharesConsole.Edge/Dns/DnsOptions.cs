namespace SharesConsole.Edge.Dns;

/// <summary>Configuration section <c>Dns</c>: where the responder listens and how it answers. Zone, names and TTL come from the cluster settings.</summary>
public sealed record DnsOptions
{
    public const string SectionName = "Dns";

    /// <summary>
    /// Most entries in <see cref="NameServers"/>. A plain UDP NS answer is 16 bytes plus the zone name, and per name server
    /// 14 bytes plus its label, 16 per IPv4 and 28 per IPv6 glue record: eight IPv4 edges named like 'edge1' take
    /// 16 + 8 × 36 = 304 bytes, leaving 208 for the zone name. Longer lists, names or zones are answered with TC
    /// (the resolver retries over TCP) and logged at start.
    /// </summary>
    public const int MaxNameServers = 8;

    public bool Enabled { get; init; } = true;

    /// <summary>Addresses to listen on (UDP and TCP); empty means the cluster VIP.</summary>
    public string[] Listen { get; init; } = [];

    /// <summary>Port for UDP and TCP; null means the cluster's DNS port. 0 picks a free port (tests).</summary>
    public int? Port { get; init; }

    /// <summary>When no node is healthy, answer with every configured node (true) or SERVFAIL (false).</summary>
    public bool FailOpen { get; init; } = true;

    /// <summary>Answer only the next address in rotation, for resolvers that re-sort address lists (RFC 6724).</summary>
    public bool SingleAnswer { get; init; }

    /// <summary>Rotate in proportion to <c>NodeDefinition.Weight</c>; off rotates every node equally.</summary>
    public bool UseWeights { get; init; } = true;

    /// <summary>First label of the zone's name server host (its address is the VIP); unused when <see cref="NameServers"/> lists the edges.</summary>
    public string NameServer { get; init; } = "ns1";

    /// <summary>
    /// Every edge that answers DNS, the same list on every edge: the apex NS records, their glue and the SOA's primary
    /// (the first entry). Empty means one name server, <see cref="NameServer"/>, at the VIP.
    /// </summary>
    public DnsNameServer[] NameServers { get; init; } = [];

    /// <summary>Largest UDP reply the server sends to an EDNS client; also advertised in its OPT record.</summary>
    public int MaxUdpPayload { get; init; } = 1232;

    public int MaxTcpConnections { get; init; } = 256;

    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Concurrent receive loops per UDP socket; 0 means one per processor.</summary>
    public int UdpReceiveLoops { get; init; }

    /// <summary>Kernel send and receive buffer size of each UDP socket, in bytes.</summary>
    public int SocketBufferSize { get; init; } = 4 * 1024 * 1024;
}
