using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SharesConsole.Edge.Transfer;

/// <summary>
/// The relay's UDP sockets with <see cref="Configuration.EdgeOptions.UdpSocketBufferSize"/> buffers. On Linux with
/// CAP_NET_ADMIN the size holds beyond net.core.rmem_max/wmem_max (SO_RCVBUFFORCE), whose distribution default
/// (208 KiB) drops datagrams in bursts; without the capability the kernel caps it there.
/// </summary>
internal sealed class UdpSockets(int bufferSize)
{
    private const int SocketLevel = 1;
    private const int SendBufferForce = 32;
    private const int ReceiveBufferForce = 33;

    private int _forceDenied = OperatingSystem.IsLinux() ? 0 : 1;

    public Socket Create(AddressFamily family)
    {
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        if (Volatile.Read(ref _forceDenied) == 0)
        {
            Span<byte> size = stackalloc byte[sizeof(int)];
            MemoryMarshal.Write(size, in bufferSize);
            try
            {
                socket.SetRawSocketOption(SocketLevel, ReceiveBufferForce, size);
                socket.SetRawSocketOption(SocketLevel, SendBufferForce, size);
                return socket;
            }
            catch (SocketException)
            {
                // No CAP_NET_ADMIN: asked once, then the capped options below for every socket.
                Volatile.Write(ref _forceDenied, 1);
            }
        }

        socket.ReceiveBufferSize = bufferSize;
        socket.SendBufferSize = bufferSize;
        return socket;
    }
}
