using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using SharesConsole.Core.Networking;

namespace SharesConsole.ControlPlane.Events.Webhooks;

/// <summary>
/// Which addresses a webhook may reach. Public unicast addresses, yes; loopback, link-local (169.254.169.254 and the
/// other cloud metadata services among them), private, shared (CGNAT), multicast, documentation and reserved ranges,
/// and IPv6 forms that embed such an IPv4 address, only when <see cref="WebhookOptions.AllowedNetworks"/> lists them or
/// the URL's host is in <see cref="WebhookOptions.AllowedHosts"/>. Otherwise a webhook would let whoever may create
/// one reach the control plane's own network.
/// </summary>
public sealed class WebhookTargetPolicy
{
    private static readonly IPNetwork[] NotPublic = [.. new[]
    {
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
        "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
        "224.0.0.0/4", "240.0.0.0/4",

        // Azure's host endpoint (wire server and instance metadata's sibling) is a public address.
        "168.63.129.16/32",
        "::/96", "64:ff9b:1::/48", "100::/64", "2001::/32", "2001:db8::/32", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
    }.Select(n => IPNetwork.Parse(n))];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    private readonly IPNetwork[] _allowedNetworks;
    private readonly HashSet<string> _allowedHosts;

    public WebhookTargetPolicy(IOptions<WebhookOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _allowedNetworks = [.. options.Value.AllowedNetworks.Select(n => NetworkText.TryParse(n, out var network) ? network : throw new ArgumentException($"Not a network: {n}", nameof(options)))];
        _allowedHosts = new(options.Value.AllowedHosts.Select(h => h.TrimEnd('.')), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>True when a webhook whose URL names <paramref name="host"/> may connect to <paramref name="address"/>.</summary>
    public bool Permits(string host, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(address);
        var normalized = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return _allowedNetworks.Any(n => n.Contains(normalized)) || _allowedHosts.Contains(host.TrimEnd('.')) || IsPublic(normalized);
    }

    /// <summary>False for every address in a range that is not public unicast, including IPv6 forms that carry one.</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return IsPublic(address.MapToIPv4());
        }

        if (NotPublic.Any(n => n.Contains(address)))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && (Nat64.Contains(address) || SixToFour.Contains(address)))
        {
            var bytes = address.GetAddressBytes();
            var embedded = Nat64.Contains(address) ? bytes[12..16] : bytes[2..6];
            return IsPublic(new IPAddress(embedded));
        }

        return true;
    }
}
