namespace SharesConsole.Edge.Configuration;

/// <summary>How the plain HTTP port forwards: the connection-level HTTP/1.1 forwarder, YARP, or whichever suits.</summary>
public enum WebForwarderKind
{
    /// <summary>Connection for plain HTTP/1.1 requests; YARP for HTTP/2, upgrades and anything unusual (today: Connection).</summary>
    Auto,

    /// <summary>Every request through Kestrel's HTTP server and YARP.</summary>
    Yarp,

    /// <summary>Plain HTTP/1.1 requests parsed and relayed on the connection; the rest of a connection goes to YARP.</summary>
    Connection,
}
