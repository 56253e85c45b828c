using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using SharesConsole.ControlPlane.Configuration;

namespace SharesConsole.Web.Auth;

/// <summary>
/// Decides whether anonymous visitors may read. An explicit <c>Auth:AnonymousViewer</c> wins;
/// otherwise it is on only in lab mode while every listening address is a loopback one.
/// </summary>
public sealed class AnonymousAccess(IOptions<AuthOptions> auth, IOptions<LabOptions> lab, IServer server)
{
    public bool Enabled => auth.Value.AnonymousViewer ?? (lab.Value.Enabled && IsLoopbackOnly(server.Features.Get<IServerAddressesFeature>()?.Addresses));

    /// <summary>True only when there is at least one address and all of them are loopback.</summary>
    public static bool IsLoopbackOnly(ICollection<string>? addresses)
    {
        if (addresses is null || addresses.Count == 0)
        {
            return false;
        }

        foreach (var address in addresses)
        {
            if (!Uri.TryCreate(address.Replace("://*", "://any", StringComparison.Ordinal).Replace("://+", "://any", StringComparison.Ordinal), UriKind.Absolute, out var uri))
            {
                return false;
            }

            var host = uri.Host.Trim('[', ']');
            var loopback = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ||
                (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
            if (!loopback)
            {
                return false;
            }
        }

        return true;
    }
}
