using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using SharesConsole.Edge.Dns.Zone;

namespace SharesConsole.Edge.Dns.Transport;

/// <summary>
/// Receive loops on one UDP socket, each on a dedicated thread doing blocking <c>recvfrom</c>/<c>sendto</c> with
/// pooled buffers and its own <see cref="SocketAddress"/>: no allocation and no thread hop per query. Measured
/// faster than async receives on the 2-core benchmark machine (docs/BENCHMARKS.md, DNS).
/// </summary>
internal sealed class DnsUdpServer(Socket socket, DnsResponder responder, ILogger logger)
{
    private const int MaxDatagram = 65535;

    /// <summary>How often a blocked receive wakes up to notice a stop even if closing the socket did not wake it.</summary>
    private static readonly TimeSpan StopPoll = TimeSpan.FromMilliseconds(250);

    private readonly EndPoint _endpoint = socket.LocalEndPoint!;

    public Task RunAsync(int loops, CancellationToken cancellationToken)
    {
        socket.ReceiveTimeout = (int)StopPoll.TotalMilliseconds;
        return Task.WhenAll(Enumerable.Range(0, loops).Select(_ =>
            Task.Factory.StartNew(() => ReceiveLoop(cancellationToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));
    }

    private void ReceiveLoop(CancellationToken cancellationToken)
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
                    received = socket.ReceiveFrom(request.AsSpan(0, MaxDatagram), SocketFlags.None, remote);
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
                {
                    continue;
                }
                catch (SocketException ex) when (!cancellationToken.IsCancellationRequested)
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
                    socket.SendTo(response.AsSpan(0, length), SocketFlags.None, remote);
                }
                catch (SocketException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    DnsLog.UdpError(logger, ex.SocketErrorCode, _endpoint);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException && cancellationToken.IsCancellationRequested)
        {
            // Stopping: the socket was closed under a blocked receive.
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
