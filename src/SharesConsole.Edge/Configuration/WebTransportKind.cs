namespace SharesConsole.Edge.Configuration;

/// <summary>Who does the socket work of the web ports when the connection forwarder runs.</summary>
public enum WebTransportKind
{
    /// <summary>The edge's own epoll loop where it runs (Linux on x86-64), else the runtime's socket engine.</summary>
    Auto,

    /// <summary>The edge's own epoll loop: reads only what the kernel reported, every socket on one thread.</summary>
    EventLoop,

    /// <summary>Kestrel's socket transport on the runtime's socket engine.</summary>
    Sockets,
}
