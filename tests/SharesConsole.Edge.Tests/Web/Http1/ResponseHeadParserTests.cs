using System.Text;
using SharesConsole.Edge.Web.Http1;

namespace SharesConsole.Edge.Tests.Web.Http1;

public sealed class ResponseHeadParserTests
{
    private static (HeadResult Result, string Client, ResponseHead Response) Parse(string head, bool headRequest = false, bool clientCloses = false, string cookie = "")
    {
        var bytes = Encoding.ASCII.GetBytes(head);
        var cookieBytes = Encoding.ASCII.GetBytes(cookie);
        var client = new byte[bytes.Length + cookieBytes.Length + 64];
        var result = ResponseHeadParser.Parse(bytes, headRequest, clientCloses, cookieBytes, client, out var written, out var response);
        return (result, Encoding.ASCII.GetString(client, 0, written), response);
    }

    [Fact]
    public void Parse_KeepAliveLengthResponse_CopiedLessHopByHop()
    {
        var (result, client, response) = Parse("HTTP/1.1 200 OK\r\nContent-Length: 4\r\nKeep-Alive: timeout=5\r\nConnection: keep-alive\r\nX-Node: a\r\n\r\n");

        Assert.Equal(HeadResult.Complete, result);
        Assert.Equal("HTTP/1.1 200 OK\r\nContent-Length: 4\r\nX-Node: a\r\n\r\n", client);
        Assert.Equal((200, BodyFraming.Length, 4L, false, false), (response.Status, response.Framing, response.ContentLength, response.NodeCloses, response.ClientCloses));
    }

    [Fact]
    public void Parse_NoLength_BodyUntilCloseAndClientTold()
    {
        var (_, client, response) = Parse("HTTP/1.0 200 OK\r\nX: y\r\n\r\n");

        Assert.Equal("HTTP/1.1 200 OK\r\nX: y\r\nConnection: close\r\n\r\n", client);
        Assert.Equal((BodyFraming.UntilClose, true, true), (response.Framing, response.NodeCloses, response.ClientCloses));
    }

    [Fact]
    public void Parse_ChunkedWithCookie_CookieAddedAndChunkedKept()
    {
        var (_, client, response) = Parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", cookie: "Set-Cookie: n=a; path=/\r\n");

        Assert.Equal("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nSet-Cookie: n=a; path=/\r\n\r\n", client);
        Assert.Equal(BodyFraming.Chunked, response.Framing);
    }

    [Theory]
    [InlineData("HTTP/1.1 204 No Content\r\nContent-Length: 9\r\n\r\n", false)]
    [InlineData("HTTP/1.1 304 Not Modified\r\n\r\n", false)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n", true)]
    public void Parse_NoBodyResponses_NoFraming(string head, bool headRequest) =>
        Assert.Equal(BodyFraming.None, Parse(head, headRequest).Response.Framing);

    [Theory]
    [InlineData("HTTP/1.1 2000 OK\r\n\r\n")]
    [InlineData("SSH-2.0-OpenSSH\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n")]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\n\r\n")]
    public void Parse_Malformed_Rejected(string head) => Assert.Equal(HeadResult.Malformed, Parse(head).Result);
}
