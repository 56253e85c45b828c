using System.Net;
using System.Net.Sockets;

namespace SharesConsole.Tests.Common.Network;

/// <summary>Free ports on a test's own address (the OS picks one; the probe socket closes before the caller binds it) and a TCP reachability probe.</summary>
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

    /// <summary>True when something accepts a TCP connection on <paramref name="address"/>:<paramref name="port"/> within five seconds.</summary>
    public static async Task<bool> CanConnectAsync(IPAddress address, int port, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
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
