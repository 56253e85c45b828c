namespace SharesConsole.Agent.Storage;

/// <summary>
/// Fall/rise over consecutive probes: fit until <c>fall</c> failures in a row, then unfit until <c>rise</c> successes in a
/// row. A node starts fit: an agent restart alone must not move the group.
/// </summary>
public readonly record struct StorageVerdict(bool Fit, int Failures, int Successes)
{
    public static StorageVerdict Initial { get; } = new(true, 0, 0);

    public StorageVerdict Next(bool ok, int fall, int rise) => ok
        ? new(Fit || Successes + 1 >= rise, 0, Successes + 1)
        : new(Fit && Failures + 1 < fall, Failures + 1, 0);
}
