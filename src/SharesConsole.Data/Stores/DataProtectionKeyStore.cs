using Microsoft.EntityFrameworkCore;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data.Stores;

/// <summary>
/// The Data Protection key ring's XML elements. Synchronous because the key manager's repository interface is: it
/// reads when the ring is (re)loaded, about once a day, and writes when it creates a key, every 90 days by default.
/// </summary>
public sealed class DataProtectionKeyStore(IDbContextFactory<SharesDbContext> factory)
{
    public IReadOnlyList<string> All()
    {
        using var db = factory.CreateDbContext();
        return [.. db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml)];
    }

    /// <summary>Adds an element; a name already stored (another control plane wrote the same element) is kept as it is.</summary>
    public void Add(string friendlyName, string xml)
    {
        using var db = factory.CreateDbContext();
        db.DataProtectionKeys.Add(new DataProtectionKeyEntity { FriendlyName = friendlyName, Xml = xml });
        try
        {
            db.SaveChanges();
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // Key names are GUIDs: the same name is the same element.
        }
    }
}
