using System.Net;
using System.Net.Sockets;

namespace SharesConsole.Browser.Tests.Hosting;

/// <summary>Free ports on this suite's loopback block (127.0.8.0/24), free for TCP and UDP alike.</summary>
public static class LoopbackPorts
{
    public static IPAddress Address(int last) => IPAddress.Parse($"127.0.8.{last}");

    /// <summary>A port the OS hands out for TCP on <paramref name="address"/> that UDP can bind too.</summary>
    public static int Free(IPAddress address, ISet<int> taken)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(address, 0));
            var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            if (taken.Contains(port))
            {
                continue;
            }

            try
            {
                using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                udp.Bind(new IPEndPoint(address, port));
            }
            catch (SocketException)
            {
                continue;
            }

            taken.Add(port);
            return port;
        }

        throw new InvalidOperationException($"No free TCP+UDP port on {address}.");
    }
}
