namespace SharesConsole.Data.Entities;

/// <summary>
/// The control plane's leader lease: one row, changed only by compare-and-set statements on the database's clock
/// (microseconds since the Unix epoch as the database reads it).
/// </summary>
public sealed class LeaderLeaseEntity
{
    public string Name { get; set; } = "";

    public string Holder { get; set; } = "";

    /// <summary>Where the holder's console and API answer (followers forward to it).</summary>
    public string Url { get; set; } = "";

    /// <summary>Raised by one at every change of holder: the fencing token of the holder's commands.</summary>
    public long Term { get; set; }

    public long ExpiresAtMicros { get; set; }

    public long AcquiredAtMicros { get; set; }
}
