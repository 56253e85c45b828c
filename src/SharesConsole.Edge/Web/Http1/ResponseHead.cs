namespace SharesConsole.Edge.Web.Http1;

/// <summary>How a message's body ends (RFC 9112 section 6.3).</summary>
internal enum BodyFraming
{
    None,
    Length,
    Chunked,

    /// <summary>A response without length: its body ends when the node closes, so the client's connection closes too.</summary>
    UntilClose,
}

/// <summary>What the forwarder needs of a node's response once its head was read and copied for the client.</summary>
internal struct ResponseHead
{
    public int Length;

    public int Status;

    public BodyFraming Framing;

    public long ContentLength;

    /// <summary>The node closes (or may close) this connection after the response: it goes back to no pool.</summary>
    public bool NodeCloses;

    /// <summary>The client's connection closes after the response (it asked, or the body ends with the node's close).</summary>
    public bool ClientCloses;

    /// <summary>An interim 1xx response: relayed, and the final one follows on the same connection.</summary>
    public readonly bool Interim => Status is >= 100 and < 200;
}
