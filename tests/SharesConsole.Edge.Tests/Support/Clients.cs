using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SharesConsole.Edge.Tests.Support;

/// <summary>Raw loopback clients bound to a chosen source address.</summary>
internal static class Clients
{
    /// <summary>Connects through the edge from <paramref name="source"/> and returns the greeting (the node name) and the socket.</summary>
    public static async Task<(string Node, Socket Socket)> ConnectTcpAsync(IPEndPoint edge, IPAddress source)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(source, 0));
        await socket.ConnectAsync(edge);
        var line = await ReadLineAsync(socket);
        return (line, socket);
    }

    public static async Task<string> ReadLineAsync(Socket socket)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var read = await socket.ReceiveAsync(one, SocketFlags.None, timeout.Token);
            if (read == 0 || one[0] == '\n')
            {
                return Encoding.ASCII.GetString([.. bytes]);
            }

            bytes.Add(one[0]);
        }
    }

    /// <summary>Sends one datagram from the socket and returns the reply text (node name before '|').</summary>
    public static async Task<string> UdpRoundTripAsync(Socket socket, IPEndPoint edge, byte[] payload)
    {
        var buffer = new byte[70000];
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await socket.SendToAsync(payload, SocketFlags.None, edge);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
                return Encoding.ASCII.GetString(buffer, 0, result.ReceivedBytes);
            }
            catch (OperationCanceledException)
            {
                // Loopback UDP rarely drops, but a retry keeps the test honest about outcomes, not luck.
            }
        }

        throw new TimeoutException("no UDP reply through the edge");
    }

    public static Socket UdpFrom(IPAddress source)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(source, 0));
        return socket;
    }

    public static HttpClient Http(Uri baseAddress, bool cookies = false) =>
        new(new SocketsHttpHandler { UseCookies = cookies, UseProxy = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(20) };
}
