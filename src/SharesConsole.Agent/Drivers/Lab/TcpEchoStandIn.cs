using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace SharesConsole.Agent.Drivers.Lab;

/// <summary>Echoes every byte back on each accepted TCP connection.</summary>
internal sealed class TcpEchoStandIn(IPAddress address, int port) : ILabStandIn
{
    private Socket? _listener;
    private CancellationTokenSource? _stop;
    private Task _acceptLoop = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(address, port));
            listener.Listen(128);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        _stop = new CancellationTokenSource();
        _acceptLoop = AcceptLoopAsync(listener, _stop.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var loop = _acceptLoop;
        Abort();
        await loop.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Abort()
    {
        Interlocked.Exchange(ref _stop, null)?.Cancel();
        Interlocked.Exchange(ref _listener, null)?.Dispose();
    }

    private static async Task AcceptLoopAsync(Socket listener, CancellationToken stop)
    {
        var connections = new List<Task>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptAsync(stop).ConfigureAwait(false);
                connections.RemoveAll(t => t.IsCompleted);
                connections.Add(EchoAsync(client, stop));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Listener closed.
        }

        await Task.WhenAll(connections).ConfigureAwait(false);
    }

    private static async Task EchoAsync(Socket client, CancellationToken stop)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using (client)
            {
                int read;
                while ((read = await client.ReceiveAsync(buffer, SocketFlags.None, stop).ConfigureAwait(false)) > 0)
                {
                    await client.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, stop).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Peer went away or the stand-in stopped.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
