using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SharesConsole.Edge.Tests.Support;

/// <summary>Stand-in FASP server: answers every datagram with "name|" and the payload.</summary>
internal sealed class UdpNameServer : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly byte[] _prefix;

    public UdpNameServer(string name, IPAddress address, int port = 0, Func<SocketType, ProtocolType, Socket>? sockets = null)
    {
        _prefix = Encoding.ASCII.GetBytes(name + "|");
        _socket = sockets?.Invoke(SocketType.Dgram, ProtocolType.Udp) ?? new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(address, port));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        _loop = LoopAsync();
    }

    public int Port { get; }

    public int Received;

    private async Task LoopAsync()
    {
        var buffer = new byte[70000];
        var reply = new byte[70000 + _prefix.Length];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
                Interlocked.Increment(ref Received);
                _prefix.CopyTo(reply, 0);
                var length = Math.Min(result.ReceivedBytes, 65507 - _prefix.Length);
                buffer.AsSpan(0, length).CopyTo(reply.AsSpan(_prefix.Length));
                await _socket.SendToAsync(reply.AsMemory(0, _prefix.Length + length), SocketFlags.None, result.RemoteEndPoint, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // ICMP errors from clients that went away.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        _socket.Dispose();
        await _loop;
    }
}
