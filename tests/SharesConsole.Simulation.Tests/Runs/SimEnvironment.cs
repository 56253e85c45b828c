using System.Globalization;

namespace SharesConsole.Simulation.Tests.Runs;

/// <summary>Settings from the environment: how many schedules, which seed to replay, which rules.</summary>
internal static class SimEnvironment
{
    /// <summary>SIM_SCHEDULES: schedules the CI run checks (default 10,000).</summary>
    public static int Schedules => Int("SIM_SCHEDULES", 10_000);

    /// <summary>SIM_FIRST_SEED: the first seed of the CI run (default 1), to explore other seeds.</summary>
    public static int FirstSeed => Int("SIM_FIRST_SEED", 1);

    /// <summary>SIM_SEED is set: Replay prints the whole trace.</summary>
    public static bool ReplayRequested => Environment.GetEnvironmentVariable("SIM_SEED") is not null;

    /// <summary>SIM_SEED: the seed Replay runs (default 1).</summary>
    public static int ReplaySeed => Int("SIM_SEED", 1);

    /// <summary>
    /// SIM_RULES=old (or ack-arrival, fixed-fence-deadline) replays under the old rules of OldRules/.
    /// </summary>
    public static SimRules ReplayRules => Environment.GetEnvironmentVariable("SIM_RULES")?.ToLowerInvariant() switch
    {
        null or "" or "current" => SimRules.Current,
        var name => OldRules.OldFencingRules.Named(name),
    };

    private static int Int(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
