using System.Net.Sockets;
using System.Text;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Edge.Tests.Web.Http1;

/// <summary>A raw HTTP/1.1 client on one socket: sends bytes as given, reads responses (length, chunked or until close).</summary>
internal sealed class RawHttp : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<byte> _buffer = [];
    private bool _closed;

    public static async Task<RawHttp> ConnectAsync(Uri edge)
    {
        var raw = new RawHttp();
        await raw._socket.ConnectAsync(edge.Host, edge.Port).WaitAsync($"connect to {edge}");
        return raw;
    }

    public Task SendAsync(string text) => SendAsync(Encoding.ASCII.GetBytes(text));

    public Task SendAsync(byte[] data) => _socket.SendAsync(data, SocketFlags.None).WaitAsync($"sending {data.Length} bytes");

    public sealed record Response(int Status, Dictionary<string, string> Headers, string Body);

    public Task<Response> ReadResponseAsync(bool headRequest = false) => ReadCoreAsync(headRequest).WaitAsync("a response through the edge");

    /// <summary>Whether the edge closed the connection (reads until the end; false if data came instead).</summary>
    public async Task<bool> ClosedAsync()
    {
        if (_buffer.Count > 0)
        {
            return false;
        }

        try
        {
            return !await FillAsync().WaitAsync("the edge closes the connection");
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }

    private async Task<Response> ReadCoreAsync(bool headRequest)
    {
        var head = await ReadLineAsync();
        var status = int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var line = await ReadLineAsync(); line.Length > 0; line = await ReadLineAsync())
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon]] = line[(colon + 1)..].Trim();
        }

        var body = new StringBuilder();
        if (headRequest || status is 204 or 304 or (>= 100 and < 200))
        {
        }
        else if (headers.TryGetValue("Transfer-Encoding", out var te) && te.EndsWith("chunked", StringComparison.OrdinalIgnoreCase))
        {
            while (true)
            {
                var size = Convert.ToInt32((await ReadLineAsync()).Split(';')[0], 16);
                if (size == 0)
                {
                    while ((await ReadLineAsync()).Length > 0)
                    {
                    }

                    break;
                }

                body.Append(await ReadBytesAsync(size));
                await ReadLineAsync();
            }
        }
        else if (headers.TryGetValue("Content-Length", out var length))
        {
            body.Append(await ReadBytesAsync(int.Parse(length, System.Globalization.CultureInfo.InvariantCulture)));
        }
        else
        {
            while (await FillAsync())
            {
            }

            body.Append(Encoding.ASCII.GetString([.. _buffer]));
            _buffer.Clear();
        }

        return new Response(status, headers, body.ToString());
    }

    private async Task<string> ReadLineAsync()
    {
        while (true)
        {
            for (var i = 0; i + 1 < _buffer.Count; i++)
            {
                if (_buffer[i] == '\r' && _buffer[i + 1] == '\n')
                {
                    var line = Encoding.ASCII.GetString([.. _buffer.GetRange(0, i)]);
                    _buffer.RemoveRange(0, i + 2);
                    return line;
                }
            }

            if (!await FillAsync())
            {
                throw new IOException("the connection closed inside a response");
            }
        }
    }

    private async Task<string> ReadBytesAsync(int count)
    {
        while (_buffer.Count < count)
        {
            if (!await FillAsync())
            {
                throw new IOException("the connection closed inside a body");
            }
        }

        var text = Encoding.ASCII.GetString([.. _buffer.GetRange(0, count)]);
        _buffer.RemoveRange(0, count);
        return text;
    }

    private async Task<bool> FillAsync()
    {
        if (_closed)
        {
            return false;
        }

        var chunk = new byte[16 * 1024];
        var read = await _socket.ReceiveAsync(chunk, SocketFlags.None);
        _closed = read == 0;
        _buffer.AddRange(chunk.AsSpan(0, read).ToArray());
        return read > 0;
    }

    public void Dispose() => _socket.Dispose();
}
