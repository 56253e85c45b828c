using System.IO.Pipelines;
using System.Net.Sockets;

namespace SharesConsole.Edge.Web.Http1;

/// <summary>One keep-alive connection to a node: its socket (or TLS stream), a reader for responses, a sink for requests.</summary>
internal sealed class UpstreamConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly Stream _stream;
    private int _disposed;

    public UpstreamConnection(Socket socket, Stream stream)
    {
        _socket = socket;
        _stream = stream;
        Reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true));
        Sink = new StreamSink(stream);
    }

    public PipeReader Reader { get; }

    public StreamSink Sink { get; }

    /// <summary>It has carried a request before: a failure before the first response byte may be the node's keep-alive close.</summary>
    public bool Reused { get; set; }

    public long IdleSince { get; set; }

    /// <summary>An idle connection with something to read has been closed by the node (or sent what nobody asked for).</summary>
    public bool LooksClosed()
    {
        try
        {
            return _socket.Poll(0, SelectMode.SelectRead) || _socket.Poll(0, SelectMode.SelectError);
        }
        catch (SocketException)
        {
            return true;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }

    /// <summary>Breaks the connection off (safe while another task reads or writes it); <see cref="Dispose"/> still follows.</summary>
    public void Abort() => _socket.Dispose();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Reader.Complete();
        _stream.Dispose();
        _socket.Dispose();
        Sink.Dispose();
    }
}
