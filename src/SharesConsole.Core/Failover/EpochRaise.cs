namespace SharesConsole.Core.Failover;

/// <summary>The outcome of a compare-and-set on the epoch.</summary>
public enum EpochRaise
{
    /// <summary>The epoch moved from expected to expected + 1 with the new active node.</summary>
    Raised,

    /// <summary>An earlier run of this operation already raised it (resume).</summary>
    AlreadyRaised,

    /// <summary>The epoch is not what the operation expected: someone else acted; stop.</summary>
    Stale,
}
