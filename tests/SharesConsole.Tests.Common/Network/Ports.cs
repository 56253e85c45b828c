using System.Net;
using System.Net.Sockets;

namespace SharesConsole.Tests.Common.Network;

/// <summary>Free ports on a test's own address (the OS picks one; the probe socket closes before the caller binds it) and an exact TCP connect probe.</summary>
public static class Ports
{
    public static int FreeTcp(IPAddress address) => Bind(address, SocketType.Stream, ProtocolType.Tcp);

    public static int FreeUdp(IPAddress address) => Bind(address, SocketType.Dgram, ProtocolType.Udp);

    /// <summary>
    /// A port free for TCP and UDP alike on <paramref name="address"/> (DNS and transfers listen on both), never one
    /// in <paramref name="taken"/>; the port is added to it, so one set hands out distinct ports for one host.
    /// </summary>
    public static int FreeTcpAndUdp(IPAddress address, ISet<int>? taken = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var tcp = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(address, 0));
            var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            if (taken?.Contains(port) == true)
            {
                continue;
            }

            try
            {
                using var udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                udp.Bind(new IPEndPoint(address, port));
            }
            catch (SocketException)
            {
                continue;
            }

            taken?.Add(port);
            return port;
        }

        throw new InvalidOperationException($"No port free for both TCP and UDP on {address} after 50 attempts.");
    }

    /// <summary>How long <see cref="ConnectAsync"/> waits for an answer; a loopback peer answers at once, accepting or refusing.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Opens one TCP connection to <paramref name="address"/>:<paramref name="port"/>, closes it, and says how the attempt ended:
    /// <see cref="SocketError.Success"/> when something accepted it, <see cref="SocketError.ConnectionRefused"/> when nothing
    /// listens there, <see cref="SocketError.TimedOut"/> when no answer came within <see cref="ConnectTimeout"/>, any other
    /// error as the socket reported it. A test asserting a closed port expects ConnectionRefused exactly, so an unreachable
    /// address or a stalled peer cannot pass for one.
    /// </summary>
    public static async Task<SocketError> ConnectAsync(IPAddress address, int port, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), timeout.Token);
            return SocketError.Success;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SocketError.TimedOut;
        }
    }

    private static int Bind(IPAddress address, SocketType type, ProtocolType protocol)
    {
        ArgumentNullException.ThrowIfNull(address);
        using var socket = new Socket(address.AddressFamily, type, protocol);
        socket.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
