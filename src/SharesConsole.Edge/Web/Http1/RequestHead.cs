namespace SharesConsole.Edge.Web.Http1;

/// <summary>What the forwarder needs of a client's request once its head was read and copied for the node.</summary>
internal struct RequestHead
{
    /// <summary>Bytes of the head as received, up to and including the empty line.</summary>
    public int Length;

    /// <summary>GET, HEAD, OPTIONS, TRACE, PUT or DELETE: may be sent again when the first node refused the connection.</summary>
    public bool Idempotent;

    public bool IsHead;

    /// <summary>-1 without a Content-Length.</summary>
    public long ContentLength;

    public bool Chunked;

    /// <summary>The client asked to close the connection after this request.</summary>
    public bool Close;

    /// <summary>The node named by the client's affinity cookie, when affinity is on and it sent one.</summary>
    public string? AffinityNode;

    public readonly bool HasBody => Chunked || ContentLength > 0;
}
