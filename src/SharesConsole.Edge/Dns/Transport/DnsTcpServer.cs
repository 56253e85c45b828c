using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using SharesConsole.Edge.Dns.Zone;

namespace SharesConsole.Edge.Dns.Transport;

/// <summary>
/// DNS over TCP (RFC 7766): two-byte length prefix, any number of queries per connection answered in order,
/// closed after <see cref="DnsOptions.TcpIdleTimeout"/> without a complete query or when the limit of connections is reached.
/// </summary>
internal sealed class DnsTcpServer(Socket listener, DnsResponder responder, DnsOptions options, TimeProvider time, ILogger logger)
{
    private const int Frame = 2 + DnsResponder.MaxTcpMessage;

    private readonly EndPoint _endpoint = listener.LocalEndPoint!;
    private readonly ConcurrentDictionary<Socket, Task> _connections = new();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var client = await listener.AcceptAsync(cancellationToken);
                if (_connections.Count >= options.MaxTcpConnections)
                {
                    DnsLog.TcpLimit(logger, options.MaxTcpConnections, client.RemoteEndPoint);
                    client.Dispose();
                    continue;
                }

                client.NoDelay = true;
                // The placeholder counts toward the limit before the connection task can finish and remove itself.
                _connections[client] = Task.CompletedTask;
                var serving = Task.Run(() => ServeAsync(client, cancellationToken), CancellationToken.None);
                _connections.TryUpdate(client, serving, Task.CompletedTask);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception ex)
        {
            DnsLog.LoopFailed(logger, ex, "TCP", _endpoint);
        }

        await Task.WhenAll(_connections.Values);
    }

    private async Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        var remote = client.RemoteEndPoint;
        var request = ArrayPool<byte>.Shared.Rent(Frame);
        var response = ArrayPool<byte>.Shared.Rent(Frame);
        using var idle = new CancellationTokenSource(options.TcpIdleTimeout, time);
        using var stop = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), idle);
        var reason = "closed by peer";
        try
        {
            while (await ReceiveExactlyAsync(client, request.AsMemory(0, 2), idle.Token))
            {
                var length = BinaryPrimitives.ReadUInt16BigEndian(request);
                if (length == 0 || !await ReceiveExactlyAsync(client, request.AsMemory(0, length), idle.Token))
                {
                    reason = "empty or incomplete message";
                    break;
                }

                var answer = responder.Respond(request.AsSpan(0, length), response.AsSpan(2, DnsResponder.MaxTcpMessage), tcp: true);
                if (answer == 0)
                {
                    reason = "unanswerable message";
                    break;
                }

                BinaryPrimitives.WriteUInt16BigEndian(response, (ushort)answer);
                await SendAllAsync(client, response.AsMemory(0, answer + 2), idle.Token);
                idle.CancelAfter(options.TcpIdleTimeout);
            }
        }
        catch (OperationCanceledException)
        {
            reason = cancellationToken.IsCancellationRequested ? "server stopping" : "idle timeout";
        }
        catch (SocketException ex)
        {
            reason = ex.SocketErrorCode.ToString();
        }
        finally
        {
            DnsLog.TcpClosed(logger, remote, reason);
            _connections.TryRemove(client, out _);
            client.Dispose();
            ArrayPool<byte>.Shared.Return(request);
            ArrayPool<byte>.Shared.Return(response);
        }
    }

    private static async ValueTask<bool> ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return false;
            }

            buffer = buffer[read..];
        }

        return true;
    }

    private static async ValueTask SendAllAsync(Socket socket, ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            buffer = buffer[await socket.SendAsync(buffer, SocketFlags.None, cancellationToken)..];
        }
    }
}
