using System.Net;
using System.Net.Sockets;

namespace SharesConsole.Core.Networking;

/// <summary>Networks as operators write them in the configuration: trusted proxies, allowed webhook targets.</summary>
public static class NetworkText
{
    /// <summary>
    /// A network in CIDR form with the host bits zero, or one address (a /32 or /128). Addresses must be written out:
    /// <see cref="IPAddress"/> also reads "10" or "0x7f.1", and "10.0.0.1/8" is most likely a typo for something narrower.
    /// </summary>
    public static bool TryParse(string? value, out IPNetwork network)
    {
        network = default;
        var address = value?.Trim().Split('/')[0];
        if (string.IsNullOrWhiteSpace(address) || !(address.Contains(':', StringComparison.Ordinal) || address.Count(c => c == '.') == 3))
        {
            return false;
        }

        var text = value!.Trim();
        if (address == text && IPAddress.TryParse(text, out var single))
        {
            network = new IPNetwork(single, single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return IPNetwork.TryParse(text, out network) && network.BaseAddress.Equals(IPAddress.Parse(address));
    }
}
