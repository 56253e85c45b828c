using System.Net;
using System.Net.Sockets;
using SharesConsole.Edge.Diagnostics;

namespace SharesConsole.Edge.Transfer;

/// <summary>Accepts SSH clients on the VIP and hands each to a <see cref="TcpSession"/>. Closing it leaves open sessions running.</summary>
public sealed class TcpProxyListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly TransferContext _context;
    private readonly IdleSweeper _idle;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    private TcpProxyListener(Socket socket, TransferContext context, IdleSweeper idle, CancellationToken sessionsToken)
    {
        _socket = socket;
        _context = context;
        _idle = idle;
        Endpoint = (IPEndPoint)socket.LocalEndPoint!;
        _loop = AcceptLoopAsync(sessionsToken);
    }

    public IPEndPoint Endpoint { get; }

    public static TcpProxyListener Open(IPEndPoint endpoint, TransferContext context, IdleSweeper idle, CancellationToken sessionsToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endpoint);
            socket.Listen(1024);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new TcpProxyListener(socket, context, idle, sessionsToken);
    }

    private async Task AcceptLoopAsync(CancellationToken sessionsToken)
    {
        await Task.Yield();
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // A client that resets before accept completes; the listener itself is fine.
                EdgeLog.TcpSessionEnded(_context.Logger, "(accept)", "-", ex.SocketErrorCode.ToString());
                continue;
            }

            if (client.RemoteEndPoint is not IPEndPoint remote)
            {
                client.Dispose();
                continue;
            }

            if (_context.TryEnterTcp(remote.Address) is { } refusal)
            {
                if (_context.Throttle.ShouldLog("tcp refused", out var suppressed))
                {
                    EdgeLog.TcpRefused(_context.Logger, remote.ToString(), refusal, suppressed);
                }

                _context.Counters.For(Counters.EdgeCounters.NoNode, Counters.EdgeProtocol.Ssh).Error();
                client.Dispose();
                continue;
            }

            _ = new TcpSession(client, _context, _idle).RunAsync(remote.Address, sessionsToken);
        }
    }

    /// <summary>Stops accepting; sessions already open continue.</summary>
    public void Close()
    {
        if (!_stopping.IsCancellationRequested)
        {
            _stopping.Cancel();
            _socket.Dispose();
            EdgeLog.ListenerClosed(_context.Logger, "tcp", Endpoint);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Close();
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
    }
}
