using System.Net;
using System.Net.Sockets;

namespace SharesConsole.ControlPlane.Events.Webhooks;

/// <summary>
/// Pins a webhook request to the address checked for it: the deliverer resolves the host once, checks the address with
/// <see cref="WebhookTargetPolicy"/> and stores it in the request; the handler's connect callback connects to exactly
/// that address. Otherwise the handler would resolve the name again, and a name that answered a public address to the
/// check could answer 127.0.0.1 to the connection (DNS rebinding).
/// </summary>
public static class WebhookTarget
{
    public static readonly HttpRequestOptionsKey<IPAddress> PinnedAddress = new("SharesConsole.Webhooks.PinnedAddress");

    /// <summary>The <see cref="SocketsHttpHandler.ConnectCallback"/> of the webhook client.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.InitialRequestMessage.Options.TryGetValue(PinnedAddress, out var address))
        {
            throw new HttpRequestException("A webhook request must carry the address checked for it.");
        }

        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
