namespace SharesConsole.Edge.Web.Http1;

/// <summary>The outcome of reading a request or response head.</summary>
internal enum HeadResult
{
    /// <summary>Parsed and copied for the other side.</summary>
    Complete,

    /// <summary>Valid HTTP, but not plain HTTP/1.1 (upgrade, Expect, HTTP/1.0, absolute target...): Kestrel and YARP take it.</summary>
    HandOver,

    /// <summary>Not HTTP the forwarder will pass on: 400 (or 502 for a node's response) and close.</summary>
    Malformed,
}
