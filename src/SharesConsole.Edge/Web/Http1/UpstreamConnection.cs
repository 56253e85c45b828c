using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using SharesConsole.Edge.Web.Transport;

namespace SharesConsole.Edge.Web.Http1;

/// <summary>
/// One keep-alive connection to a node: a reader for responses and a sink for requests, over the web event loop's own
/// connection or over a socket stream (TLS, or no loop).
/// </summary>
internal sealed class UpstreamConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly Stream? _stream;
    private readonly LoopConnection? _connection;
    private int _disposed;

    public UpstreamConnection(Socket socket, Stream stream)
    {
        _socket = socket;
        _stream = stream;
        Reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true));
        Sink = new StreamSink(stream);
    }

    public UpstreamConnection(LoopConnection connection)
    {
        _connection = connection;
        _socket = connection.Socket;
        Reader = connection.Input;
        Sink = new PipeSink(connection.Output);
    }

    public PipeReader Reader { get; }

    public BodySink Sink { get; }

    /// <summary>It has carried a request before: a failure before the first response byte may be the node's keep-alive close.</summary>
    public bool Reused { get; set; }

    public long IdleSince { get; set; }

    /// <summary>An idle connection with something to read has been closed by the node (or sent what nobody asked for).</summary>
    public bool LooksClosed()
    {
        if (_connection is not null && _connection.ConnectionClosed.IsCancellationRequested)
        {
            return true;
        }

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
    public void Abort()
    {
        if (_connection is not null)
        {
            _connection.Abort(new ConnectionAbortedException("The exchange with the node was broken off."));
        }
        else
        {
            _socket.Dispose();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Reader.Complete();
        if (_connection is not null)
        {
            _ = _connection.DisposeAsync().AsTask();
            return;
        }

        _stream!.Dispose();
        _socket.Dispose();
        ((StreamSink)Sink).Dispose();
    }
}
