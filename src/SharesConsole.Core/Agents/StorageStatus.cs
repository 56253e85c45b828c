namespace SharesConsole.Core.Agents;

/// <summary>The outcome of one shared-storage probe.</summary>
public enum StorageStatus
{
    /// <summary>No probe has finished yet.</summary>
    Unknown,

    Ok,

    /// <summary>The probe did not finish within its timeout (a hung mount), or an earlier one is still stuck.</summary>
    Timeout,

    /// <summary>Writing failed because the file system is read-only.</summary>
    ReadOnly,

    /// <summary>The path is not a mount point although it is required to be, or does not exist.</summary>
    NoMount,

    /// <summary>Write, fsync, read back or delete failed (EIO, ENOSPC, a mismatch on read back...).</summary>
    Error,

    /// <summary>The probe worked but free space is below the critical threshold.</summary>
    CriticalSpace,
}
