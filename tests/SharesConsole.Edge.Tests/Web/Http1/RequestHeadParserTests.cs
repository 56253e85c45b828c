using System.Text;
using SharesConsole.Edge.Web.Http1;

namespace SharesConsole.Edge.Tests.Web.Http1;

public sealed class RequestHeadParserTests
{
    private static (HeadResult Result, string Upstream, RequestHead Request) Parse(string head, bool trusted = false, string? cookie = null)
    {
        var bytes = Encoding.ASCII.GetBytes(head);
        var upstream = new byte[(2 * bytes.Length) + RequestHeadParser.Extra];
        var parser = new RequestHeadParser(cookie is null ? null : Encoding.ASCII.GetBytes(cookie));
        var result = parser.Parse(bytes, "192.0.2.7"u8, trusted, upstream, out var written, out var request);
        return (result, Encoding.ASCII.GetString(upstream, 0, written), request);
    }

    [Fact]
    public void Parse_PlainGet_CopiesHeadLessHopByHopAndAddsForwardedHeaders()
    {
        var (result, upstream, request) = Parse(
            "GET /a?b=c HTTP/1.1\r\nHost: shares.test\r\nConnection: keep-alive\r\nKeep-Alive: 5\r\nTE: trailers\r\nProxy-Connection: x\r\n"
            + "X-Forwarded-For: 203.0.113.66\r\nForwarded: for=203.0.113.66\r\nX-Custom: 1\r\n\r\n");

        Assert.Equal(HeadResult.Complete, result);
        Assert.Equal(
            "GET /a?b=c HTTP/1.1\r\nHost: shares.test\r\nX-Custom: 1\r\n"
            + "X-Forwarded-For: 192.0.2.7\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: shares.test\r\n\r\n",
            upstream);
        Assert.True(request.Idempotent);
        Assert.False(request.HasBody);
        Assert.False(request.Close);
    }

    [Fact]
    public void Parse_FromTrustedProxy_ExtendsItsForwardedHeaders()
    {
        var (_, upstream, _) = Parse(
            "GET / HTTP/1.1\r\nHost: edge\r\nX-Forwarded-For: 198.51.100.7\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: shares.example.com\r\n\r\n",
            trusted: true);

        Assert.Contains("X-Forwarded-For: 198.51.100.7, 192.0.2.7\r\n", upstream, StringComparison.Ordinal);
        Assert.Contains("X-Forwarded-Proto: https\r\n", upstream, StringComparison.Ordinal);
        Assert.Contains("X-Forwarded-Host: shares.example.com\r\n", upstream, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BodiesAndClose_Described()
    {
        var post = Parse("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\nConnection: close\r\n\r\n");
        var chunked = Parse("PUT /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");

        Assert.Equal((HeadResult.Complete, 12L, true, false), (post.Result, post.Request.ContentLength, post.Request.Close, post.Request.Idempotent));
        Assert.Contains("Content-Length: 12\r\n", post.Upstream, StringComparison.Ordinal);
        Assert.Equal((HeadResult.Complete, true, true), (chunked.Result, chunked.Request.Chunked, chunked.Request.HasBody));
        Assert.Contains("Transfer-Encoding: chunked\r\n", chunked.Upstream, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AffinityCookie_Found()
    {
        var (_, _, request) = Parse("GET / HTTP/1.1\r\nHost: a\r\nCookie: x=1; .SharesEdge.Node=node-b; y=2\r\n\r\n", cookie: ".SharesEdge.Node");

        Assert.Equal("node-b", request.AffinityNode);
    }

    [Theory]
    [InlineData("GET / HTTP/1.0\r\nHost: a\r\n\r\n")]
    [InlineData("PRI * HTTP/2.0\r\n\r\n")]
    [InlineData("GET http://a/ HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET /chat HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")]
    public void Parse_NotPlainHttp11_HandedOver(string head) => Assert.Equal(HeadResult.HandOver, Parse(head).Result);

    [Theory]
    [InlineData("GET / HTTP/1.1\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n folded\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX-A: bare\nLF\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 2\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n")]
    [InlineData("GET /a b HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("G(T / HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET / FTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET\r\n\r\n")]
    public void Parse_Malformed_Rejected(string head) => Assert.Equal(HeadResult.Malformed, Parse(head).Result);
}
