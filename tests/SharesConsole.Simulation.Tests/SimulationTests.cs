using SharesConsole.Simulation.Tests.Faults;
using SharesConsole.Simulation.Tests.OldRules;
using SharesConsole.Simulation.Tests.Runs;
using Xunit.Abstractions;

namespace SharesConsole.Simulation.Tests;

/// <summary>
/// The deterministic simulation of issue #14: seeded schedules of faults against the real fencing and failover code.
/// Each test writes its result line to the test output and to the console (see README.md for where CI shows it).
/// </summary>
public sealed class SimulationTests(ITestOutputHelper output)
{
    [Fact]
    public void Schedules_CurrentRules_NoViolation()
    {
        var summary = ScheduleRunner.RunMany(SimEnvironment.FirstSeed, SimEnvironment.Schedules, SimRules.Current, stopAtFirst: false);

        Report(summary.Line);
        Report(summary.Details);
        if (summary.Failures.Count > 0)
        {
            var first = summary.Failures[0];
            Report($"failing seeds: {string.Join(", ", summary.Failures.Take(20).Select(f => f.Seed))}{(summary.Failures.Count > 20 ? ", …" : "")}");
            Assert.Fail(ScheduleRunner.Explain(first.Seed, SimRules.Current));
        }
    }

    [Fact]
    public void Replay_SeedFromEnvironment_RunsWithoutViolation()
    {
        var (seed, rules) = (SimEnvironment.ReplaySeed, SimEnvironment.ReplayRules);

        var (result, text) = ScheduleRunner.Replay(seed, rules, traceLines: int.MaxValue);

        if (SimEnvironment.ReplayRequested)
        {
            output.WriteLine(text);
        }

        Assert.True(result.Violation is null, text);
    }

    [Theory]
    [InlineData("all")]
    [InlineData("ack-arrival")]
    [InlineData("fixed-fence-deadline")]
    public void Schedules_OldRules_FindAViolationTheCurrentRulesDoNotHave(string rule)
    {
        var rules = OldFencingRules.Named(rule);

        var summary = ScheduleRunner.RunMany(1, SimEnvironment.Schedules, rules, stopAtFirst: true,
            counts: r => !SimWorld.FailsUnder(r.Seed, SimRules.Current));

        var found = summary.Failures.FirstOrDefault();
        Report($"simulation ({rules}): {(found is null ? "no violation" : $"violation at seed {found.Seed}, which the current rules pass,")} after {summary.Schedules} schedules in {summary.WallTime.TotalSeconds:0.0} s");
        Assert.True(found is not null, $"{rules}: {summary.Schedules} schedules without a violation the current rules do not also have: the simulation has no teeth.");
        output.WriteLine(ScheduleRunner.Explain(found!.Seed, rules, traceLines: 60));
    }

    [Fact]
    public void Schedules_ControlPlaneWallClockStepsForward_NoOperation()
    {
        // Heartbeat ages were taken on the control plane's wall clock: a +30 s step made every agent look silent for
        // longer than the lease and started a failover nobody needed (seed 135 of the full run). A step alone must
        // start no operation, on any of the seeds' parameter sets.
        var operations = new List<string>();
        for (var seed = 1; seed <= 50; seed++)
        {
            var world = new SimWorld(seed, SimRules.Current, trace: false,
                [new ClockStep(TimeSpan.FromSeconds(12), -1, TimeSpan.FromSeconds(30)), new ClockStep(TimeSpan.FromSeconds(30), -1, TimeSpan.FromSeconds(30))]);
            var result = world.Run();
            Assert.True(result.Violation is null, result.Violation);
            if (result.Operations > 0)
            {
                operations.Add($"seed {seed}: {result.Operations}");
            }
        }

        Assert.True(operations.Count == 0, $"operations after control-plane clock steps alone: {string.Join(", ", operations)}");
    }

    [Fact]
    public void Schedule_SameSeedTwice_SameTrace()
    {
        var first = new SimWorld(7, SimRules.Current, trace: true);
        var second = new SimWorld(7, SimRules.Current, trace: true);

        first.Run();
        second.Run();

        Assert.NotEmpty(first.Trace.Lines);
        Assert.Equal(first.Trace.Lines, second.Trace.Lines);
        Assert.Equal(0, first.Loop.ThreadHops);
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        Console.WriteLine(line);
    }
}
