using System.Net;
using System.Net.Sockets;

namespace SharesConsole.Agent.Tests.Support;

/// <summary>Addresses in this project's loopback block 127.0.5.0/24 and free ports on them.</summary>
public static class Net
{
    public static IPAddress Address(int last) => IPAddress.Parse($"127.0.5.{last}");

    public static int FreeTcpPort(IPAddress address)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public static int FreeUdpPort(IPAddress address)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public static async Task<bool> CanConnectAsync(IPAddress address, int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await socket.ConnectAsync(new IPEndPoint(address, port), cts.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
