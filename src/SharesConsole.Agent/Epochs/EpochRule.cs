namespace SharesConsole.Agent.Epochs;

/// <summary>
/// The agent's epoch rule apart from where the highest epoch is kept (<see cref="EpochStore"/> persists it): an epoch
/// lower than the highest seen is refused (stale); so is one more than <c>maxJump</c> above it once an epoch is known
/// (a control plane pushing the epoch to, say, <see cref="long.MaxValue"/> would lock the node out for good); any
/// other is accepted and becomes the highest.
/// </summary>
public static class EpochRule
{
    public static (bool Accepted, long Highest) Observe(long highest, long epoch) => Observe(highest, epoch, long.MaxValue);

    public static (bool Accepted, long Highest) Observe(long highest, long epoch, long maxJump) =>
        epoch < highest || IsJump(highest, epoch, maxJump) ? (false, highest) : (true, epoch);

    /// <summary>True when <paramref name="epoch"/> lies further above the known highest than <paramref name="maxJump"/> allows.</summary>
    public static bool IsJump(long highest, long epoch, long maxJump) =>
        highest > 0 && epoch > highest && epoch - highest > maxJump;
}
