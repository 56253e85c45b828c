using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using SharesConsole.Edge.Diagnostics;
using SharesConsole.Edge.Pools;
using SharesConsole.Edge.Transfer.Datagrams;

namespace SharesConsole.Edge.Transfer;

/// <summary>
/// One client endpoint's datagrams to its node: a connected upstream socket of its own, so replies map back
/// to the client without a lookup, and the node sees one peer per client flow.
/// </summary>
internal sealed class UdpFlow : IIdleSession
{
    private readonly UdpProxyListener _owner;
    private readonly Socket _upstream;
    private readonly SafeSocketHandle _upstreamHandle;
    private readonly TransferContext _context;
    private readonly CancellationTokenSource _cts = new();
    private long _lastActivity;
    private int _closed;

    public UdpFlow(UdpProxyListener owner, SocketAddress client, IPEndPoint clientEndpoint, TransferDestination node, Socket upstream, TransferContext context)
    {
        _owner = owner;
        Client = client;
        ClientEndpoint = clientEndpoint;
        Node = node;
        _upstream = upstream;
        _upstreamHandle = upstream.SafeHandle;
        _context = context;
        _lastActivity = context.TimeProvider.GetTimestamp();
    }

    public SocketAddress Client { get; }

    public IPEndPoint ClientEndpoint { get; }

    public TransferDestination Node { get; }

    public long LastActivity => Volatile.Read(ref _lastActivity);

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public void Start() => _ = _context.Datagrams.IsEnabled ? ReturnBatchesAsync() : ReturnLoopAsync();

    /// <summary>Client to node; false when the node refused and the flow closed.</summary>
    public async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> datagram)
    {
        try
        {
            await _upstream.SendAsync(datagram, SocketFlags.None, _cts.Token).ConfigureAwait(false);
            Volatile.Write(ref _lastActivity, _context.TimeProvider.GetTimestamp());
            Node.Fasp.Datagram(datagram.Length);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Node.Fasp.Error();
            CloseWith(ex.Message);
            return false;
        }
    }

    /// <summary>Client to node: datagrams <paramref name="start"/>.. of a batch in one sendmmsg; false when the flow closed.</summary>
    public ValueTask<bool> ForwardAsync(DatagramBatch batch, int start, int count) =>
        SendBatchAsync(batch, start, start + count, toClient: false);

    /// <summary>
    /// Sends datagrams <paramref name="start"/> to <paramref name="end"/> of a batch, to the node or back to the client.
    /// Synchronous unless the socket buffer is full: then one datagram waits for room and the rest go as a batch again.
    /// </summary>
    private ValueTask<bool> SendBatchAsync(DatagramBatch batch, int start, int end, bool toClient)
    {
        try
        {
            while (start < end)
            {
                var sent = toClient
                    ? batch.Send(_owner.Handle, start, end - start, Client.Buffer.Span[..Client.Size], out var error)
                    : batch.Send(_upstreamHandle, start, end - start, default, out error);
                if (sent > 0)
                {
                    Booked(batch, start, sent, toClient);
                    start += sent;
                }
                else if (error == DatagramBatches.MessageTooLong)
                {
                    // Larger than the path takes: dropped, as the network would.
                    Node.Fasp.Error();
                    start++;
                }
                else if (sent == 0 || error is DatagramBatches.WouldBlock or DatagramBatches.NoBufferSpace)
                {
                    return SendWhenRoomAsync(batch, start, end, toClient);
                }
                else
                {
                    Node.Fasp.Error();
                    CloseWith(Marshal.GetPInvokeErrorMessage(error));
                    return ValueTask.FromResult(false);
                }
            }

            return ValueTask.FromResult(true);
        }
        catch (ObjectDisposedException ex)
        {
            Node.Fasp.Error();
            CloseWith(ex.Message);
            return ValueTask.FromResult(false);
        }
    }

    private async ValueTask<bool> SendWhenRoomAsync(DatagramBatch batch, int start, int end, bool toClient)
    {
        try
        {
            var datagram = batch.Datagram(start);
            if (toClient)
            {
                await _owner.Socket.SendToAsync(datagram, SocketFlags.None, Client, _cts.Token).ConfigureAwait(false);
            }
            else
            {
                await _upstream.SendAsync(datagram, SocketFlags.None, _cts.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Node.Fasp.Error();
            CloseWith(ex.Message);
            return false;
        }

        Booked(batch, start, 1, toClient);
        return await SendBatchAsync(batch, start + 1, end, toClient).ConfigureAwait(false);
    }

    private void Booked(DatagramBatch batch, int start, int count, bool toClient)
    {
        long bytes = 0;
        for (var i = start; i < start + count; i++)
        {
            bytes += batch.LengthOf(i);
        }

        Volatile.Write(ref _lastActivity, _context.TimeProvider.GetTimestamp());
        if (toClient)
        {
            Node.Fasp.Out(bytes);
        }
        else
        {
            Node.Fasp.Datagrams(count, bytes);
        }
    }

    /// <summary>
    /// Node to client on Linux: like <see cref="ReturnLoopAsync"/>, waits on a zero-byte peek holding no buffer, then
    /// takes the node's datagrams with recvmmsg and sends them to the client with sendmmsg until the queue is empty.
    /// </summary>
    private async Task ReturnBatchesAsync()
    {
        var token = _cts.Token;
        var batches = _context.Datagrams;
        try
        {
            while (batches.IsEnabled)
            {
                await _upstream.ReceiveAsync(Memory<byte>.Empty, SocketFlags.Peek, token).ConfigureAwait(false);
                var batch = batches.Rent();
                try
                {
                    int received;
                    do
                    {
                        received = batch.Receive(_upstreamHandle, out var error);
                        if (received < 0 && error != DatagramBatches.WouldBlock && !batches.IsUnsupported(error))
                        {
                            Node.Fasp.Error();
                            CloseWith(Marshal.GetPInvokeErrorMessage(error));
                            return;
                        }

                        if (received > 0 && !await SendBatchAsync(batch, 0, received, toClient: true).ConfigureAwait(false))
                        {
                            return;
                        }
                    }
                    while (received == batch.Capacity);
                }
                catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
                {
                    batches.Disable(ex.Message);
                }
                finally
                {
                    batches.Return(batch);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            if (ex is SocketException)
            {
                Node.Fasp.Error();
            }

            CloseWith(ex is OperationCanceledException ? "closed (idle, drain, node left or shutdown)" : ex.Message);
            return;
        }

        await ReturnLoopAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Node to client. The buffer is held only while datagrams flow: an idle flow waits on a zero-byte peek, which
    /// leaves the datagram queued, and holds none (a spoofed source used to pin 64 KiB per flow until the idle timeout).
    /// </summary>
    private async Task ReturnLoopAsync()
    {
        var token = _cts.Token;
        try
        {
            while (true)
            {
                await _upstream.ReceiveAsync(Memory<byte>.Empty, SocketFlags.Peek, token).ConfigureAwait(false);
                var buffer = ArrayPool<byte>.Shared.Rent(UdpProxyListener.MaxDatagram);
                try
                {
                    do
                    {
                        var read = await _upstream.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, token).ConfigureAwait(false);
                        await _owner.Socket.SendToAsync(buffer.AsMemory(0, read), SocketFlags.None, Client, token).ConfigureAwait(false);
                        Volatile.Write(ref _lastActivity, _context.TimeProvider.GetTimestamp());
                        Node.Fasp.Out(read);
                    }
                    while (_upstream.Available > 0);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            if (ex is SocketException)
            {
                Node.Fasp.Error();
            }

            CloseWith(ex is OperationCanceledException ? "closed (idle, drain, node left or shutdown)" : ex.Message);
        }
    }

    public void Close() => CloseWith("closed");

    private void CloseWith(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _cts.Cancel();
        _upstream.Dispose();
        _owner.Remove(this);
        _context.Drain.Untrack(Node.Node, this);
        Node.Fasp.FlowClosed();
        _context.LeaveFlow(ClientEndpoint.Address);
        _context.Pins.Release(ClientEndpoint.Address);
        EdgeLog.UdpFlowClosed(_context.Logger, ClientEndpoint.ToString(), Node.Node, reason);
    }
}
