using System.Net;
using System.Net.Sockets;

namespace SharesConsole.Tests.Common.Network;

/// <summary>
/// A TCP relay that can go silent: after <see cref="Freeze"/> it keeps every connection open and accepts new ones, but
/// passes no byte either way, as a paused (SIGSTOP) or cut-off peer behind an open connection looks to a client.
/// </summary>
public sealed class FreezableRelay : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _thawed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Socket> _sockets = [];
    private readonly Lock _gate = new();
    private readonly Task _accepting;
    private volatile bool _frozen;

    public FreezableRelay(IPAddress address, int port, IPEndPoint upstream)
    {
        _upstream = upstream;
        _listener = new TcpListener(address, port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>From now on nothing passes, in either direction, on old or new connections.</summary>
    public void Freeze() => _frozen = true;

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptSocketAsync(_stop.Token);
                Track(client);
                if (_frozen)
                {
                    continue;   // accepted (as a paused process's kernel does) and never answered
                }

                var server = new Socket(_upstream.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                Track(server);
                try
                {
                    await server.ConnectAsync(_upstream, _stop.Token);
                }
                catch (SocketException)
                {
                    client.Dispose();
                    continue;
                }

                _ = PumpAsync(client, server);
                _ = PumpAsync(server, client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Disposed.
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                if (_frozen)
                {
                    await _thawed.Task.WaitAsync(_stop.Token);   // never completes: the bytes are held, the connection stays
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Disposed, or one side went away.
        }
    }

    private void Track(Socket socket)
    {
        lock (_gate)
        {
            _sockets.Add(socket);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_gate)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }

        await _accepting;
        _stop.Dispose();
    }
}
