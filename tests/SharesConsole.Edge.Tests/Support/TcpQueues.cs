using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SharesConsole.Edge.Tests.Support;

/// <summary>The kernel's queues of IPv4 loopback TCP connections, from /proc/net/tcp (Linux).</summary>
internal static class TcpQueues
{
    private const string Established = "01";

    /// <summary>
    /// True once the peer's application has read every byte this socket sent: the peer acknowledged all of them and
    /// holds none unread. Lets a test know the server consumed one segment before it sends the next.
    /// </summary>
    public static bool PeerHasReadAll(Socket socket)
    {
        var local = Format((IPEndPoint)socket.LocalEndPoint!);
        var remote = Format((IPEndPoint)socket.RemoteEndPoint!);
        var connections = File.ReadLines("/proc/net/tcp").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields[3] == Established)
            .ToList();
        var ours = connections.SingleOrDefault(f => f[1] == local && f[2] == remote)
            ?? throw new InvalidOperationException($"no established connection {local} -> {remote} in /proc/net/tcp");
        var peers = connections.SingleOrDefault(f => f[1] == remote && f[2] == local)
            ?? throw new InvalidOperationException($"the peer no longer holds the connection {remote} -> {local}");
        return Queue(ours).Unacknowledged == 0 && Queue(peers).Unread == 0;
    }

    // "0100007F:0035": the address as the kernel's 32-bit word in host order, then the port, both in hex.
    private static string Format(IPEndPoint endpoint) =>
        $"{BitConverter.ToUInt32(endpoint.Address.MapToIPv4().GetAddressBytes()):X8}:{endpoint.Port:X4}";

    // "tx_queue:rx_queue": bytes sent but not acknowledged, bytes received but not read by the application.
    private static (long Unacknowledged, long Unread) Queue(string[] fields)
    {
        var parts = fields[4].Split(':');
        return (long.Parse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            long.Parse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }
}
