namespace SharesConsole.Data.Entities;

/// <summary>
/// One ASP.NET Core Data Protection key as the XML the key manager wrote. Every control plane of the cluster reads
/// the same keys, so a sign-in cookie or a form token stays valid across restarts and instances.
/// </summary>
public sealed class DataProtectionKeyEntity
{
    public int Id { get; set; }

    /// <summary>The key manager's name for the element ("key-&lt;guid&gt;"); unique.</summary>
    public string FriendlyName { get; set; } = "";

    public string Xml { get; set; } = "";
}
