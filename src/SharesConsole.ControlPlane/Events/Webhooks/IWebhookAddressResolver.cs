using System.Net;

namespace SharesConsole.ControlPlane.Events.Webhooks;

/// <summary>Resolves a webhook's host name once per delivery attempt (the system's resolver; tests answer with their own).</summary>
public interface IWebhookAddressResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

internal sealed class DnsWebhookAddressResolver : IWebhookAddressResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken);
}
