using System.Net;
using SharesConsole.Core.Networking;

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
            if (NetworkText.TryParse(entry, out var network))
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
}
