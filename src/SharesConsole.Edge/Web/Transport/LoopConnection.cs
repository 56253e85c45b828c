using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace SharesConsole.Edge.Web.Transport;

/// <summary>
/// A TCP connection on the <see cref="EventLoop"/>: what the kernel has for it is read into <see cref="Input"/> when epoll
/// says so (on the loop's thread, which runs the reader's continuation right there); what the application flushes to
/// <see cref="Output"/> is sent at once on the flushing thread, and only a full socket waits for epoll. Used as Kestrel's
/// connection for the web port and as the edge's own connection to a node.
/// </summary>
internal sealed class LoopConnection : ConnectionContext, IDuplexPipe, IConnectionIdFeature, IConnectionTransportFeature,
    IConnectionItemsFeature, IConnectionLifetimeFeature, IConnectionEndPointFeature, IMemoryPoolFeature, IValueTaskSource<bool>
{
    private const int MinimumRead = 4096;
    private const long PauseAt = 1024 * 1024;
    private const long ResumeAt = 512 * 1024;

    private readonly EventLoop _loop;
    private readonly Socket _socket;
    private readonly int _fd;
    private readonly ulong _id;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly CancellationTokenSource _closed = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private ManualResetValueTaskSourceCore<bool> _writable;
    private string? _connectionId;
    private IDictionary<object, object?>? _items;
    private ConnectionAbortedException? _abortReason;
    private uint _interest;
    private bool _detached;
    private volatile bool _reading;
    private volatile bool _paused;
    private bool _waitingWritable;
    private bool _inputDone;
    private int _holds = 2; // the reading side and the sending side: the last to let go closes the socket
    private int _closedFired;

    private LoopConnection(EventLoop loop, Socket socket)
    {
        socket.Blocking = false;
        _loop = loop;
        _socket = socket;
        _fd = (int)socket.SafeHandle.DangerousGetHandle();
        MemoryPool = loop.Memory;
        var options = new PipeOptions(
            MemoryPool, PipeScheduler.Inline, PipeScheduler.Inline, PauseAt, ResumeAt, minimumSegmentSize: MinimumRead, useSynchronizationContext: false);
        _input = new Pipe(options);
        _output = new Pipe(options);
        _writable.RunContinuationsAsynchronously = false;
        Transport = this;
        ConnectionClosed = _closed.Token;
        Features = new FeatureCollection();
        Features.Set<IConnectionIdFeature>(this);
        Features.Set<IConnectionTransportFeature>(this);
        Features.Set<IConnectionItemsFeature>(this);
        Features.Set<IConnectionLifetimeFeature>(this);
        Features.Set<IConnectionEndPointFeature>(this);
        Features.Set<IMemoryPoolFeature>(this);
        _id = loop.Add(this, _fd, 0);
    }

    /// <summary>An accepted connection, reading at once.</summary>
    public static LoopConnection Accepted(EventLoop loop, Socket socket)
    {
        socket.NoDelay = true;
        var connection = new LoopConnection(loop, socket) { LocalEndPoint = socket.LocalEndPoint, RemoteEndPoint = socket.RemoteEndPoint };
        connection.Start();
        return connection;
    }

    /// <summary>Connects without blocking a thread; a <see cref="SocketException"/> or a cancellation means the node did not take it.</summary>
    public static async ValueTask<LoopConnection> ConnectAsync(EventLoop loop, IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, Blocking = false };
        var connected = false;
        try
        {
            socket.Connect(endpoint);
            connected = true;
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new LoopConnection(loop, socket) { RemoteEndPoint = endpoint };
        try
        {
            if (!connected)
            {
                bool writable;
                await using (cancellationToken.Register(static state => ((LoopConnection)state!).SignalWritable(false), connection).ConfigureAwait(false))
                {
                    writable = await connection.WaitWritableAsync().ConfigureAwait(false);
                }

                cancellationToken.ThrowIfCancellationRequested();

                // Read before anything else asks the socket: the runtime's LocalEndPoint, for one, takes the pending error away.
                var error = writable ? (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)! : -1;
                if (error != 0)
                {
                    throw new SocketException((int)SocketError.ConnectionRefused, $"Connecting to {endpoint} failed (SO_ERROR {error}).");
                }
            }

            connection.LocalEndPoint = socket.LocalEndPoint;
            connection.Start();
            return connection;
        }
        catch
        {
            connection.Close();
            throw;
        }
    }

    public override string ConnectionId
    {
        get => _connectionId ??= $"loop-{_id}";
        set => _connectionId = value;
    }

    public override IFeatureCollection Features { get; }

    public override IDictionary<object, object?> Items
    {
        get => _items ??= new ConnectionItems();
        set => _items = value;
    }

    /// <summary>Its own pipes, until a middleware (TLS) puts its own in front of them.</summary>
    public override IDuplexPipe Transport { get; set; }

    public PipeReader Input => _input.Reader;

    public PipeWriter Output => _output.Writer;

    public MemoryPool<byte> MemoryPool { get; }

    /// <summary>For a look at the socket's state (<see cref="Socket.Poll(int, SelectMode)"/>); never read or written through it.</summary>
    public Socket Socket => _socket;

    public override CancellationToken ConnectionClosed { get; set; }

    private void Start()
    {
        _reading = true;
        lock (_gate)
        {
            UpdateInterest();
        }

        _ = SendLoopAsync();
    }

    /// <summary>On the loop's thread: what epoll reported for this socket.</summary>
    public void OnEvents(uint events)
    {
        var failed = (events & (LoopNative.EPOLLERR | LoopNative.EPOLLHUP)) != 0;
        if (failed || (events & LoopNative.EPOLLOUT) != 0)
        {
            SignalWritable(true);
        }

        if (_reading && !_paused && (failed || (events & LoopNative.EPOLLIN) != 0))
        {
            Receive();
        }
        else if (failed)
        {
            // Reported whatever the interest: a socket nobody reads any more must leave epoll, or the loop spins on it.
            if (_paused)
            {
                EndInput(new ConnectionResetException("The connection was closed while its reader was behind."));
            }

            Detach();
        }
    }

    private unsafe void Receive()
    {
        var writer = _input.Writer;
        var memory = writer.GetMemory(MinimumRead);
        nint received;
        fixed (byte* buffer = memory.Span)
        {
            received = LoopNative.Recv(_fd, buffer, (nuint)memory.Length, 0);
        }

        if (received > 0)
        {
            writer.Advance((int)received);
            var flush = writer.FlushAsync(); // the reader's continuation runs here, inline
            if (!flush.IsCompleted)
            {
                _paused = true;
                lock (_gate)
                {
                    UpdateInterest();
                }

                _ = ResumeAfterAsync(flush);
            }
            else if (flush.GetAwaiter().GetResult().IsCompleted)
            {
                EndInput(null);
            }

            return;
        }

        if (received == 0)
        {
            EndInput(null);
            return;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno is not (LoopNative.EAGAIN or LoopNative.EINTR))
        {
            EndInput(new ConnectionResetException($"Receiving failed: {new SocketException(errno).Message} (errno {errno})."));
        }
    }

    private async Task ResumeAfterAsync(ValueTask<FlushResult> flush)
    {
        FlushResult result;
        try
        {
            result = await flush.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            EndInput(ex);
            return;
        }

        if (result.IsCompleted)
        {
            EndInput(null);
            return;
        }

        _paused = false;
        lock (_gate)
        {
            UpdateInterest();
        }
    }

    /// <summary>No more reading: the peer finished or failed, or the application stopped reading.</summary>
    private void EndInput(Exception? error)
    {
        lock (_gate)
        {
            if (_inputDone)
            {
                return;
            }

            _inputDone = true;
            _reading = false;
            UpdateInterest();
        }

        _input.Writer.Complete(_abortReason ?? error);
        if (Interlocked.Exchange(ref _closedFired, 1) == 0)
        {
            // As Kestrel's own transport does: the token's callbacks never run on the loop's thread.
            ThreadPool.UnsafeQueueUserWorkItem(static state => ((LoopConnection)state!).CancelClosed(), this, preferLocal: false);
        }

        Release();
    }

    private void CancelClosed() => _closed.Cancel();

    private async Task SendLoopAsync()
    {
        Exception? error = null;
        var reader = _output.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                var stopped = result.IsCanceled;
                while (!buffer.IsEmpty && !stopped)
                {
                    var sent = SendSome(buffer);
                    if (sent > 0)
                    {
                        buffer = buffer.Slice(sent);
                    }
                    else if (!await WaitWritableAsync().ConfigureAwait(false) || _abortReason is not null)
                    {
                        stopped = true;
                    }
                }

                reader.AdvanceTo(buffer.Start);
                if (stopped || result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            error = ex;
        }
        finally
        {
            reader.Complete(error);
            Shutdown();
            Release();
        }
    }

    /// <returns>Bytes the socket took; 0 when it is full.</returns>
    private unsafe long SendSome(in ReadOnlySequence<byte> buffer)
    {
        long total = 0;
        var length = buffer.Length;
        foreach (var segment in buffer)
        {
            if (segment.IsEmpty)
            {
                continue;
            }

            var flags = LoopNative.MsgNoSignal | (total + segment.Length < length ? LoopNative.MsgMore : 0);
            nint sent;
            fixed (byte* data = segment.Span)
            {
                do
                {
                    sent = LoopNative.Send(_fd, data, (nuint)segment.Length, flags);
                }
                while (sent < 0 && Marshal.GetLastPInvokeError() == LoopNative.EINTR);
            }

            if (sent < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == LoopNative.EAGAIN)
                {
                    return total;
                }

                throw new ConnectionResetException($"Sending failed: {new SocketException(errno).Message} (errno {errno}).");
            }

            total += sent;
            if (sent < segment.Length)
            {
                return total;
            }
        }

        return total;
    }

    private ValueTask<bool> WaitWritableAsync()
    {
        lock (_gate)
        {
            _writable.Reset();
            if (_abortReason is not null || _detached)
            {
                _writable.SetResult(false);
            }
            else
            {
                _waitingWritable = true;
                UpdateInterest();
            }
        }

        return new ValueTask<bool>(this, _writable.Version);
    }

    private void SignalWritable(bool writable)
    {
        lock (_gate)
        {
            if (!_waitingWritable)
            {
                return;
            }

            _waitingWritable = false;
            UpdateInterest();
        }

        _writable.SetResult(writable);
    }

    // Under _gate.
    private void UpdateInterest()
    {
        if (_detached)
        {
            return;
        }

        var wanted = (_reading && !_paused ? LoopNative.EPOLLIN : 0) | (_waitingWritable ? LoopNative.EPOLLOUT : 0);
        if (wanted != _interest)
        {
            _interest = wanted;
            _loop.Change(_fd, _id, wanted);
        }
    }

    private void Detach()
    {
        lock (_gate)
        {
            if (_detached)
            {
                return;
            }

            _detached = true;
        }

        _loop.Remove(_fd, _id);
    }

    private void Shutdown()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Not connected any more, or already closed.
        }
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _holds) != 0)
        {
            return;
        }

        Detach();
        _socket.Dispose();
        _released.TrySetResult();
    }

    /// <summary>Closes a connection that never started (a connect that failed).</summary>
    private void Close()
    {
        Detach();
        _socket.Dispose();
        _input.Writer.Complete();
        _output.Reader.Complete();
        _released.TrySetResult();
    }

    public override void Abort(ConnectionAbortedException abortReason)
    {
        Interlocked.CompareExchange(ref _abortReason, abortReason, null);
        _output.Reader.CancelPendingRead();
        SignalWritable(false);
        Shutdown(); // the reading side sees the end on the loop and completes the input
    }

    public override async ValueTask DisposeAsync()
    {
        _output.Writer.Complete();
        _input.Reader.Complete();
        if (!_released.Task.IsCompleted)
        {
            Shutdown();
            await _released.Task.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _writable.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _writable.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _writable.OnCompleted(continuation, state, token, flags);
}
