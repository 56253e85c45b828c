namespace SharesConsole.Edge.Configuration;

/// <summary>Settings of the edge (configuration section <c>Edge</c>). Addresses and ports come from the cluster topology.</summary>
public sealed class EdgeOptions
{
    public const string SectionName = "Edge";

    /// <summary>Starts the listeners and probes with the host.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The edge's listeners run inside the control plane (the one-process lab). False on a control plane whose edges run
    /// apart (the <c>SharesConsole.Edge</c> executable): it then only probes the nodes for its own view of their health.
    /// </summary>
    public bool Embedded { get; set; } = true;

    public LoadBalancingPolicy LoadBalancing { get; set; } = LoadBalancingPolicy.LeastRequests;

    /// <summary>Keeps a browser on the node that served it first (while that node stays in the pool).</summary>
    public bool CookieAffinity { get; set; }

    public string AffinityCookieName { get; set; } = ".SharesEdge.Node";

    public TimeSpan UdpIdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan TcpIdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    public int MaxTcpConnections { get; set; } = 10_000;

    public int MaxUdpFlows { get; set; } = 10_000;

    /// <summary>Open SSH connections one client address may hold (its share of <see cref="MaxTcpConnections"/>).</summary>
    public int MaxTcpConnectionsPerSource { get; set; } = 256;

    /// <summary>Open FASP flows one client address may hold (UDP sources are easy to spoof: each flow costs a socket).</summary>
    public int MaxUdpFlowsPerSource { get; set; } = 256;

    /// <summary>
    /// Addresses or networks (CIDR) of proxies in front of the edge whose <c>X-Forwarded-For/Proto/Host</c> are kept and
    /// extended; from any other client those headers (and <c>Forwarded</c>) are replaced by what the edge saw. Empty: no
    /// proxy is trusted.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>How long existing connections of a drained node may continue before they are closed.</summary>
    public TimeSpan DrainDeadline { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Connect timeout to a node, for forwarding and probes alike.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>PFX file for the HTTPS listener; empty generates a self-signed certificate at start (lab).</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Path of the web health probe; empty uses the catalog's nginx probe path.</summary>
    public string? WebProbePath { get; set; }

    /// <summary>Port of the transfer pool's TCP probe; 0 probes the node's SSH port.</summary>
    public int TransferProbePort { get; set; }

    /// <summary>Nodes often present self-signed certificates on the private network.</summary>
    public bool ValidateNodeCertificates { get; set; }

    public int TcpBufferSize { get; set; } = 128 * 1024;

    /// <summary>SO_RCVBUF and SO_SNDBUF of the relay's UDP sockets (beyond net.core.rmem_max/wmem_max only with CAP_NET_ADMIN).</summary>
    public int UdpSocketBufferSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Connection (HTTP/1.1 relayed on the connection, the rest by YARP), Yarp (every request), or Auto.</summary>
    public WebForwarderKind WebForwarder { get; set; } = WebForwarderKind.Auto;

    /// <summary>With the connection forwarder: the edge's own epoll loop for the web ports' sockets (Auto, EventLoop) or Kestrel's (Sockets).</summary>
    public WebTransportKind WebTransport { get; set; } = WebTransportKind.Auto;

    /// <summary>How long a client may take to send a request head on the connection forwarder (then 408 and close).</summary>
    public TimeSpan WebRequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the connection forwarder keeps an idle client connection open between requests.</summary>
    public TimeSpan WebKeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(130);

    /// <summary>How long the connection forwarder waits for a node to begin its response (then 504 and close), as YARP's activity timeout.</summary>
    public TimeSpan WebResponseTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Largest request or response head (request line and headers) the connection forwarder accepts.</summary>
    public int WebMaxHeadSize { get; set; } = 64 * 1024;

    /// <summary>Datagrams the UDP relay moves per recvmmsg/sendmmsg on Linux; 1 moves one per system call.</summary>
    public int UdpBatchSize { get; set; } = 32;

    /// <summary>Kernel (nftables DNAT), Relay (userspace), or Auto: Kernel where this host allows it.</summary>
    public TransferPath TransferPath { get; set; } = TransferPath.Auto;

    /// <summary>The nftables table (family ip) the kernel path owns; two edges on one host need different names.</summary>
    public string KernelTable { get; set; } = "sharesconsole_edge";

    /// <summary>
    /// Rewrites the source of DNATed transfers to the edge's own address towards the node, for nodes whose replies do
    /// not route back through the edge. Nodes then see the edge, not the client.
    /// </summary>
    public bool KernelMasquerade { get; set; }

    /// <summary>How often the kernel path reads conntrack and the nftables counters and moves buckets back.</summary>
    public TimeSpan KernelRefreshInterval { get; set; } = TimeSpan.FromSeconds(1);
}
