using System.Net;

namespace SharesConsole.Edge.Configuration;

/// <summary>The proxies in front of the edge (<see cref="EdgeOptions.TrustedProxies"/>), parsed once.</summary>
public sealed class TrustedNetworks
{
    private readonly IPNetwork[] _networks;

    public TrustedNetworks(IEnumerable<string>? entries)
    {
        var parsed = new List<IPNetwork>();
        foreach (var entry in entries ?? [])
        {
            if (TryParse(entry, out var network))
            {
                parsed.Add(network);
            }
        }

        _networks = [.. parsed];
    }

    public bool IsEmpty => _networks.Length == 0;

    public bool Contains(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        var normalized = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return _networks.Any(n => n.Contains(normalized));
    }

    /// <summary>An address (a network of one) or a network in CIDR form.</summary>
    public static bool TryParse(string? entry, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(entry))
        {
            return false;
        }

        var text = entry.Trim();
        if (IPAddress.TryParse(text, out var address) && !text.Contains('/', StringComparison.Ordinal))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return IPNetwork.TryParse(text, out network);
    }
}
