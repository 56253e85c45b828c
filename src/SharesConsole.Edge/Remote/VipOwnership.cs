using System.Net;
using System.Net.NetworkInformation;

namespace SharesConsole.Edge.Remote;

/// <summary>Whether an address is configured on one of this host's interfaces (keepalived adds the VIP to the holder's).</summary>
public static class VipOwnership
{
    public static bool IsLocal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                {
                    if (unicast.Address.Equals(address))
                    {
                        return true;
                    }
                }
            }
        }
        catch (NetworkInformationException)
        {
            return false;
        }

        return false;
    }
}
