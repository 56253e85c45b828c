using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace SharesConsole.Simulation.Tests.Runs;

/// <summary>Runs many schedules (each single-threaded, one per core at a time) and explains a failing one by running it again with its trace.</summary>
internal static class ScheduleRunner
{
    public const string ProjectPath = "tests/SharesConsole.Simulation.Tests";

    /// <summary>One schedule; an exception in it (a bug of the simulation or of the code under test) is that seed's violation.</summary>
    public static ScheduleResult RunOne(int seed, SimRules rules, bool trace = false)
    {
        try
        {
            return new SimWorld(seed, rules, trace).Run();
        }
        catch (Exception e)
        {
            return new ScheduleResult(seed, rules, $"SIMULATION ERROR: {e}", TimeSpan.Zero, TimeSpan.Zero, 0, 0);
        }
    }

    /// <summary>
    /// Seeds <paramref name="firstSeed"/> onward. With <paramref name="stopAtFirst"/>, stops starting new ones after a
    /// violation that <paramref name="counts"/> (default: any).
    /// </summary>
    public static Summary RunMany(int firstSeed, int count, SimRules rules, bool stopAtFirst, Func<ScheduleResult, bool>? counts = null)
    {
        var failures = new ConcurrentBag<ScheduleResult>();
        var clock = Stopwatch.StartNew();
        long events = 0, ran = 0, operations = 0, done = 0;
        Parallel.For(firstSeed, firstSeed + count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, (seed, loop) =>
        {
            var result = RunOne(seed, rules);
            Interlocked.Add(ref events, result.Events);
            Interlocked.Add(ref ran, result.Ran.Ticks);
            Interlocked.Add(ref operations, result.Operations);
            Interlocked.Increment(ref done);
            if (result.Failed && (counts is null || counts(result)))
            {
                failures.Add(result);
                if (stopAtFirst)
                {
                    loop.Stop();
                }
            }
        });
        return new Summary(rules, (int)done, [.. failures.OrderBy(f => f.Seed)], clock.Elapsed, events, TimeSpan.FromTicks(ran), operations);
    }

    /// <summary>The seed, what went wrong, the faults, the end of the trace and the command that replays it.</summary>
    public static string Explain(int seed, SimRules rules, int traceLines = 120) => Replay(seed, rules, traceLines).Text;

    /// <summary>Runs the schedule with its trace on: its result and <see cref="Explain"/>'s text.</summary>
    public static (ScheduleResult Result, string Text) Replay(int seed, SimRules rules, int traceLines)
    {
        var world = new SimWorld(seed, rules, trace: true);
        var result = world.Run();
        var text = new StringBuilder();
        text.AppendLine($"seed {seed}, rules: {rules}");
        text.AppendLine(result.Violation ?? "no violation");
        text.AppendLine($"parameters: {world.Parameters}");
        text.AppendLine("faults:");
        foreach (var fault in world.FaultDescriptions)
        {
            text.AppendLine($"  {fault}");
        }

        text.AppendLine($"trace (last {traceLines} of {world.Trace.Lines.Count} lines):");
        foreach (var line in world.Trace.Tail(traceLines))
        {
            text.AppendLine($"  {line}");
        }

        text.AppendLine($"replay: {ReplayCommand(seed, rules)}");
        return (result, text.ToString());
    }

    public static string ReplayCommand(int seed, SimRules rules)
    {
        var which = ReferenceEquals(rules, SimRules.Current) ? ""
            : ReferenceEquals(rules, OldRules.OldFencingRules.All) ? " SIM_RULES=old"
            : ReferenceEquals(rules, OldRules.OldFencingRules.AckAtArrival) ? " SIM_RULES=ack-arrival"
            : " SIM_RULES=fixed-fence-deadline";
        return $"SIM_SEED={seed}{which} dotnet test {ProjectPath} --filter Replay";
    }

    internal sealed record Summary(SimRules Rules, int Schedules, IReadOnlyList<ScheduleResult> Failures, TimeSpan WallTime, long Events, TimeSpan VirtualTime, long Operations)
    {
        public string Line => $"simulation: {Schedules} schedules, {Failures.Count} violations";

        public string Details =>
            $"{Schedules} schedules in {WallTime.TotalSeconds:0.0} s ({Schedules / Math.Max(WallTime.TotalSeconds, 1e-9):0} schedules/s on {Environment.ProcessorCount} cores), " +
            $"{Events} events, {VirtualTime.TotalHours:0.0} h of virtual time, {Operations} operations started; rules: {Rules}";
    }
}
