using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using SharesConsole.Data.Stores;

namespace SharesConsole.Web.Auth.Sessions;

/// <summary>
/// Keeps the Data Protection key ring (it signs and encrypts the sign-in cookie and the form tokens) in the control
/// plane's database: a restart keeps everyone signed in, and every control plane on the same database reads the same
/// keys. Without it the keys live in the home folder of one host, or only in memory in a container.
/// </summary>
internal sealed class DatabaseXmlRepository(DataProtectionKeyStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => [.. store.All().Select(xml => XElement.Parse(xml))];

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        store.Add(friendlyName, element.ToString(SaveOptions.DisableFormatting));
    }
}
