using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using SharesConsole.Edge.Dns.Zone;

namespace SharesConsole.Edge.Dns.Transport;

/// <summary>
/// Several receive loops on one UDP socket. Each loop owns pooled buffers and a <see cref="SocketAddress"/>,
/// so a query costs no allocation: receive, answer in place, send back.
/// </summary>
internal sealed class DnsUdpServer(Socket socket, DnsResponder responder, ILogger logger)
{
    private const int MaxDatagram = 65535;

    private readonly EndPoint _endpoint = socket.LocalEndPoint!;

    public Task RunAsync(int loops, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, loops).Select(_ => Task.Run(() => ReceiveLoopAsync(cancellationToken), CancellationToken.None)));

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var request = ArrayPool<byte>.Shared.Rent(MaxDatagram);
        var response = ArrayPool<byte>.Shared.Rent(MaxDatagram);
        var remote = new SocketAddress(socket.AddressFamily);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                int received;
                try
                {
                    received = await socket.ReceiveFromAsync(request.AsMemory(0, MaxDatagram), SocketFlags.None, remote, cancellationToken);
                }
                catch (SocketException ex)
                {
                    DnsLog.UdpError(logger, ex.SocketErrorCode, _endpoint);
                    continue;
                }

                var length = responder.Respond(request.AsSpan(0, received), response.AsSpan(0, MaxDatagram), tcp: false);
                if (length == 0)
                {
                    continue;
                }

                try
                {
                    await socket.SendToAsync(response.AsMemory(0, length), SocketFlags.None, remote, cancellationToken);
                }
                catch (SocketException ex)
                {
                    DnsLog.UdpError(logger, ex.SocketErrorCode, _endpoint);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception ex)
        {
            DnsLog.LoopFailed(logger, ex, "UDP", _endpoint);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(request);
            ArrayPool<byte>.Shared.Return(response);
        }
    }
}
