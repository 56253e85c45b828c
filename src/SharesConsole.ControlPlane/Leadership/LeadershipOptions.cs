namespace SharesConsole.ControlPlane.Leadership;

/// <summary>
/// Several control-plane instances on one MariaDB/MySQL database, one leader by database lease (section
/// <c>ControlPlane:Leadership</c>). Off by default: one instance, as with SQLite.
/// </summary>
public sealed class LeadershipOptions
{
    public const string SectionName = "ControlPlane:Leadership";

    public bool Enabled { get; set; }

    /// <summary>This instance's name in the lease and the console; unique among the instances.</summary>
    public string InstanceName { get; set; } = Environment.MachineName.ToLowerInvariant();

    /// <summary>Where this instance's console, API and hubs answer for the other instances (followers forward to the leader's).</summary>
    public string AdvertisedUrl { get; set; } = "";

    /// <summary>How long a lease lasts in the database after each renewal.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The leader stops commanding this long before its lease can have expired in the database, counted on its monotonic
    /// clock from the moment it sent the renewal (clock-rate drift and scheduling).
    /// </summary>
    public TimeSpan Margin { get; set; } = TimeSpan.FromSeconds(1);
}
