using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SharesConsole.Edge.Tests.Support;

/// <summary>Stand-in SSH server: greets with the node name and a newline, then echoes; echoes the client's FIN too.</summary>
internal sealed class TcpNameServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _clients = [];
    private readonly Task _loop;
    private readonly byte[] _greeting;

    public TcpNameServer(string name, IPAddress address, int port = 0, Func<SocketType, ProtocolType, Socket>? sockets = null)
    {
        _greeting = Encoding.ASCII.GetBytes(name + "\n");
        _listener = sockets?.Invoke(SocketType.Stream, ProtocolType.Tcp) ?? new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        // A server revived on the port of one that just stopped must bind even while connections it closed linger in TIME_WAIT.
        _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Bind(new IPEndPoint(address, port));
        _listener.Listen(128);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _loop = AcceptAsync();
    }

    public int Port { get; }

    public int Accepted;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            Interlocked.Increment(ref Accepted);
            lock (_clients)
            {
                _clients.Add(client);
            }

            _ = EchoAsync(client);
        }
    }

    private async Task EchoAsync(Socket client)
    {
        var buffer = new byte[65536];
        try
        {
            await client.SendAsync(_greeting, SocketFlags.None, _stop.Token);
            while (true)
            {
                var read = await client.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    client.Shutdown(SocketShutdown.Send);
                    return;
                }

                await client.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception)
        {
            // Test server: any failure ends this client only.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        _listener.Dispose();
        lock (_clients)
        {
            foreach (var c in _clients)
            {
                c.Dispose();
            }
        }

        await _loop;
    }
}
