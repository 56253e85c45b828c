using System.Net;
using System.Net.Sockets;

namespace SharesConsole.Edge.Health;

/// <summary>host:port with IPv6 addresses bracketed, as URIs need them.</summary>
internal static class EndpointText
{
    public static string Format(IPAddress address, int port) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";
}
