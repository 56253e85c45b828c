namespace SharesConsole.Edge.Configuration;

/// <summary>How SSH and FASP reach the nodes: DNAT in the kernel (nftables), the userspace relay, or whichever this host allows.</summary>
public enum TransferPath
{
    /// <summary>Kernel when the process can run <c>nft</c> and <c>conntrack</c> and the topology suits it; otherwise Relay.</summary>
    Auto,

    /// <summary>nftables DNAT; the edge refuses to start when it cannot use it.</summary>
    Kernel,

    /// <summary>The userspace relay (TCP and UDP sockets in the edge process).</summary>
    Relay,
}
