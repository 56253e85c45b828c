using System.IO.Pipelines;
using System.Text;
using SharesConsole.Edge.Web.Http1;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Edge.Tests.Web.Http1;

public sealed class BodyCopierTests
{
    private static async Task<(CopyResult Result, long Bytes, string Copied, string Left)> CopyChunkedAsync(string body, int pieceSize, bool complete = true)
    {
        var source = new Pipe();
        var target = new Pipe();
        var bytes = Encoding.ASCII.GetBytes(body);
        var copy = BodyCopier.CopyChunkedAsync(source.Reader, new PipeSink(target.Writer), CancellationToken.None).AsTask();
        for (var i = 0; i < bytes.Length; i += pieceSize)
        {
            await source.Writer.WriteAsync(bytes.AsMemory(i, Math.Min(pieceSize, bytes.Length - i)));
        }

        if (complete)
        {
            await source.Writer.CompleteAsync();
        }

        var (result, data) = await copy.WaitAsync("the chunked copy");
        await target.Writer.CompleteAsync();
        var copied = await new StreamReader(target.Reader.AsStream()).ReadToEndAsync();
        var left = "";
        if (complete)
        {
            left = await new StreamReader(source.Reader.AsStream()).ReadToEndAsync();
        }

        return (result, data, copied, left);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public async Task CopyChunkedAsync_ValidBodyInAnyPieces_CopiedVerbatimUpToItsEnd(int pieceSize)
    {
        const string Body = "5\r\nhello\r\na;ext=1\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\n";

        var (result, bytes, copied, left) = await CopyChunkedAsync(Body + "GET /next", pieceSize);

        Assert.Equal((CopyResult.Done, 15L, Body, "GET /next"), (result, bytes, copied, left));
    }

    [Theory]
    [InlineData("zz\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5\r\nhelloXX0\r\n\r\n")]
    [InlineData("-5\r\nhello\r\n0\r\n\r\n")]
    [InlineData("ffffffffffffffffff\r\n")]
    public async Task CopyChunkedAsync_BadFraming_Malformed(string body) =>
        Assert.Equal(CopyResult.Malformed, (await CopyChunkedAsync(body, 4)).Result);

    [Fact]
    public async Task CopyChunkedAsync_SenderStopsEarly_SourceEnded() =>
        Assert.Equal(CopyResult.SourceEnded, (await CopyChunkedAsync("5\r\nhel", 4)).Result);
}
