using System.Buffers;
using System.Net;
using System.Net.Sockets;
using SharesConsole.Edge.Diagnostics;
using SharesConsole.Edge.Pools;

namespace SharesConsole.Edge.Transfer;

/// <summary>
/// One client endpoint's datagrams to its node: a connected upstream socket of its own, so replies map back
/// to the client without a lookup, and the node sees one peer per client flow.
/// </summary>
internal sealed class UdpFlow : IIdleSession
{
    private readonly UdpProxyListener _owner;
    private readonly Socket _upstream;
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
        _context = context;
        _lastActivity = context.TimeProvider.GetTimestamp();
    }

    public SocketAddress Client { get; }

    public IPEndPoint ClientEndpoint { get; }

    public TransferDestination Node { get; }

    public long LastActivity => Volatile.Read(ref _lastActivity);

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public void Start() => _ = ReturnLoopAsync();

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
