namespace SharesConsole.Edge.Dns;

/// <summary>Configuration section <c>Dns</c>: where the responder listens and how it answers. Zone, names and TTL come from the cluster settings.</summary>
public sealed record DnsOptions
{
    public const string SectionName = "Dns";

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

    /// <summary>First label of the zone's name server host (its address is the VIP).</summary>
    public string NameServer { get; init; } = "ns1";

    /// <summary>Largest UDP reply the server sends to an EDNS client; also advertised in its OPT record.</summary>
    public int MaxUdpPayload { get; init; } = 1232;

    public int MaxTcpConnections { get; init; } = 256;

    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Concurrent receive loops per UDP socket; 0 means one per processor.</summary>
    public int UdpReceiveLoops { get; init; }

    /// <summary>Kernel send and receive buffer size of each UDP socket, in bytes.</summary>
    public int SocketBufferSize { get; init; } = 4 * 1024 * 1024;
}
