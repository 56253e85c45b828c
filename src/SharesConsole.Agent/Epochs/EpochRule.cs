namespace SharesConsole.Agent.Epochs;

/// <summary>
/// The agent's epoch rule apart from where the highest epoch is kept (<see cref="EpochStore"/> persists it): an epoch
/// lower than the highest seen is refused, any other is accepted and becomes the highest.
/// </summary>
public static class EpochRule
{
    public static (bool Accepted, long Highest) Observe(long highest, long epoch) =>
        epoch < highest ? (false, highest) : (true, epoch);
}
