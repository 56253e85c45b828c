using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace SharesConsole.Agent.Drivers.Lab;

/// <summary>Sends every datagram back to its sender.</summary>
internal sealed class UdpEchoStandIn(IPAddress address, int port) : ILabStandIn
{
    private Socket? _socket;
    private CancellationTokenSource? _stop;
    private Task _loop = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        _stop = new CancellationTokenSource();
        _loop = LoopAsync(socket, _stop.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var loop = _loop;
        Abort();
        await loop.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Abort()
    {
        Interlocked.Exchange(ref _stop, null)?.Cancel();
        Interlocked.Exchange(ref _socket, null)?.Dispose();
    }

    private static async Task LoopAsync(Socket socket, CancellationToken stop)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stop).ConfigureAwait(false);
                    await socket.SendToAsync(buffer.AsMemory(0, result.ReceivedBytes), SocketFlags.None, result.RemoteEndPoint, stop).ConfigureAwait(false);
                }
                catch (SocketException) when (!stop.IsCancellationRequested)
                {
                    // ICMP port unreachable from an earlier peer: keep serving.
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
