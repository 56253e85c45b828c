using System.Net;
using System.Net.Sockets;

namespace SharesConsole.Agent.Connection;

/// <summary>An HTTP handler whose connections leave from one local address.</summary>
internal static class BoundHandler
{
    public static SocketsHttpHandler Create(IPAddress local) => new()
    {
        UseProxy = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(local.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(local, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
