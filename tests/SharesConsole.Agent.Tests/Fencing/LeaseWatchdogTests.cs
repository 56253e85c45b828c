using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using SharesConsole.Agent.Drivers.Systemd;
using SharesConsole.Agent.Fencing;
using SharesConsole.Agent.Native;
using SharesConsole.Agent.Tests.Support;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Agent.Tests.Fencing;

/// <summary>The watchdog process: real child processes stand in for mysqld and for a hung or dead agent.</summary>
public sealed class LeaseWatchdogTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<Process> _children = [];

    [Fact]
    public void LeaseFile_WriteThenRead_RoundTripsAndGarbageReadsAsNull()
    {
        var path = _dir.Combine("lease");
        var lease = new LeaseFile(1_700_000_000_123, new FenceTargets { PidFiles = ["/a b/x.pid"], Units = ["mysql.service"] });
        lease.Write(path);

        var read = LeaseFile.TryRead(path);

        Assert.NotNull(read);
        Assert.Equal(lease.ExpiresAtMonotonicMs, read.ExpiresAtMonotonicMs);
        Assert.Equal(["/a b/x.pid"], read.Targets.PidFiles);
        Assert.Equal(["mysql.service"], read.Targets.Units);
        File.WriteAllText(path, "expires soon\npidfile\n\0\0garbage");
        Assert.Null(LeaseFile.TryRead(path));
        Assert.Null(LeaseFile.TryRead(_dir.Combine("missing")));
    }

    [Fact]
    public async Task Run_HungAgentAndLeaseExpired_KillsServiceAndLeavesOthers()
    {
        var hungAgent = Start("sleep", "600");
        Assert.Equal(0, Kill(hungAgent.Id, "STOP"));
        var service = Start("sleep", "600");
        var bystander = Start("sleep", "600");
        StartedByAgent(_dir.Combine("mysqld.pid"), service);
        var expires = Ticks.NowMilliseconds(TimeProvider.System) + 300;
        new LeaseFile(expires, new FenceTargets { PidFiles = [_dir.Combine("mysqld.pid")] }).Write(_dir.Combine("lease"));
        using var log = new StringWriter();
        using var stop = new CancellationTokenSource();
        var clock = new CountingClock(TimeProvider.System);
        var watchdog = new LeaseWatchdog(_dir.Combine("lease"), hungAgent.Id, TimeSpan.FromMilliseconds(100), clock, log);

        var running = watchdog.RunAsync("/bin/false", stop.Token);

        await Poll.UntilAsync(() => service.HasExited, "the service to be killed once the lease ran out");
        Assert.True(Ticks.NowMilliseconds(TimeProvider.System) > expires, "killed only after the lease expired");

        // The second check from now comes after a whole round that began after the kill: the watchdog had its chance to leave.
        var checks = clock.Reads;
        await Poll.UntilAsync(() => clock.Reads >= checks + 2, "two more lease checks after the kill");
        Assert.False(running.IsCompleted, "the agent is alive (hung), so the watchdog keeps watching");
        Assert.False(bystander.HasExited);
        await stop.CancelAsync();
        await running.WaitAsync("the watchdog to stop when cancelled");
        Assert.Contains($"SIGKILL {service.Id}", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_LeaseRenewedInTheFuture_KillsNothingUntilItRunsOut()
    {
        var agent = Start("sleep", "600");
        var service = Start("sleep", "600");
        StartedByAgent(_dir.Combine("svc.pid"), service);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        new LeaseFile(Ticks.NowMilliseconds(time) + 3_600_000, new FenceTargets { PidFiles = [_dir.Combine("svc.pid")] })
            .Write(_dir.Combine("lease"));
        using var log = new StringWriter();
        using var stop = new CancellationTokenSource();
        var clock = new CountingClock(time);
        var watchdog = new LeaseWatchdog(_dir.Combine("lease"), agent.Id, TimeSpan.Zero, clock, log);
        Assert.False(watchdog.IsOverdue(LeaseFile.TryRead(_dir.Combine("lease"))!));

        var running = watchdog.RunAsync("/bin/false", stop.Token);

        // Each step is one poll interval of fake time: three checks use seconds of the lease's hour, and each finds it valid.
        var checks = clock.Reads;
        await Poll.AdvancingUntilAsync(time, TimeSpan.FromMilliseconds(100), () => clock.Reads >= checks + 3, "three checks of the renewed lease");
        Assert.False(service.HasExited);
        Assert.Equal("", log.ToString());

        // The same watchdog, lease and target once the hour is over: the kill shows it was reading them all along.
        time.Advance(TimeSpan.FromHours(1));
        await Poll.AdvancingUntilAsync(time, TimeSpan.FromMilliseconds(100), () => service.HasExited, "the service to be killed once the lease ran out");
        await stop.CancelAsync();
        await running.WaitAsync("the watchdog to stop when cancelled");
        Assert.Contains($"SIGKILL {service.Id}", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Executable_AgentDeadAndLeaseExpired_KillsServiceThenExits()
    {
        var service = Start("sleep", "600");
        StartedByAgent(_dir.Combine("svc.pid"), service);
        new LeaseFile(Ticks.NowMilliseconds(TimeProvider.System) - 5_000, new FenceTargets { PidFiles = [_dir.Combine("svc.pid")] })
            .Write(_dir.Combine("lease"));
        var dll = typeof(LeaseWatchdog).Assembly.Location;
        var deadAgent = Start("true");
        await deadAgent.WaitForExitAsync().WaitAsync("/bin/true to exit");

        var watchdog = Start("dotnet", dll, WatchdogProcess.Verb, _dir.Combine("lease"), deadAgent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "0", "/bin/false");

        await Poll.UntilAsync(() => watchdog.HasExited, "the watchdog to exit once nothing is left to fence", TimeSpan.FromSeconds(60));
        Assert.Equal(0, watchdog.ExitCode);
        Assert.True(service.HasExited);
    }

    [Fact]
    public async Task Run_PidFilesNamingProcessesTheAgentDidNotStart_RefusedOnceEachAndTheySurvive()
    {
        var agent = Start("sleep", "600");
        var service = Start("sleep", "600");
        StartedByAgent(_dir.Combine("svc.pid"), service);

        // A pid file the agent never recorded a process for, and one rewritten after the agent recorded its own (a reused pid).
        var stranger = Start("sleep", "600");
        WritePid(_dir.Combine("stranger.pid"), stranger.Id);
        var agentsOwn = Start("sleep", "600");
        var reuser = Start("sleep", "600");
        StartedByAgent(_dir.Combine("rewritten.pid"), agentsOwn);
        WritePid(_dir.Combine("rewritten.pid"), reuser.Id);
        string[] pidFiles = [_dir.Combine("stranger.pid"), _dir.Combine("rewritten.pid"), _dir.Combine("svc.pid")];
        new LeaseFile(Ticks.NowMilliseconds(TimeProvider.System) - 1_000, new FenceTargets { PidFiles = pidFiles }).Write(_dir.Combine("lease"));
        using var log = new StringWriter();
        using var stop = new CancellationTokenSource();
        var clock = new CountingClock(TimeProvider.System);
        var watchdog = new LeaseWatchdog(_dir.Combine("lease"), agent.Id, TimeSpan.Zero, clock, log);

        var running = watchdog.RunAsync("/bin/false", stop.Token);
        await Poll.UntilAsync(() => service.HasExited, "the agent's own process to be killed");
        var checks = clock.Reads;
        await Poll.UntilAsync(() => clock.Reads >= checks + 3, "three more rounds with the lease still expired");
        await stop.CancelAsync();
        await running.WaitAsync("the watchdog to stop when cancelled");

        Assert.False(stranger.HasExited);
        Assert.False(reuser.HasExited);
        Assert.False(agentsOwn.HasExited, "its pid file no longer names it");
        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines, l => l.Contains($"refused to SIGKILL {stranger.Id}: {_dir.Combine("stranger.pid")} names pid {stranger.Id}, which the agent did not start", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains($"refused to SIGKILL {reuser.Id}: {_dir.Combine("rewritten.pid")} names pid {reuser.Id}, but the agent started pid {agentsOwn.Id}", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains($"SIGKILL {service.Id} ({_dir.Combine("svc.pid")})", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_UnitStartedAgainWhileLeaseExpired_KilledAndStoppedAgain()
    {
        // No drop-in (the agent stopped and removed it): each kill brings the unit back, and only the stop keeps it down.
        var systemctl = FakeSystemctl.Write(_dir.Path, FakeSystemctl.Restarting(_dir.Combine("units")));
        File.WriteAllText(_dir.Combine("state-mariadb.service"), "active\n");
        var agent = Start("sleep", "600");
        new LeaseFile(Ticks.NowMilliseconds(TimeProvider.System) - 1_000, new FenceTargets { Units = ["mariadb.service"] }).Write(_dir.Combine("lease"));
        using var log = new StringWriter();
        using var stop = new CancellationTokenSource();
        var watchdog = new LeaseWatchdog(_dir.Combine("lease"), agent.Id, TimeSpan.Zero, TimeProvider.System, log);

        var running = watchdog.RunAsync(systemctl, stop.Token);
        // The fake systemctl records a call before it acts on it: wait for the stop's effect too, not only its record.
        await Poll.UntilAsync(() => Fences() == 1 && UnitState() == "inactive", "the unit to be fenced and down", describe: () => string.Join(" | ", FakeSystemctl.Calls(_dir.Path)));
        Assert.True((await new Systemctl(systemctl).StartAsync("mariadb.service", CancellationToken.None)).Ok);
        await Poll.UntilAsync(() => Fences() == 2 && UnitState() == "inactive", "the unit to be fenced again once it came back", describe: () => string.Join(" | ", FakeSystemctl.Calls(_dir.Path)));

        await stop.CancelAsync();
        await running.WaitAsync("the watchdog to stop when cancelled");
        string[] fence = ["kill --signal=KILL mariadb.service", "restarted mariadb.service", "stop mariadb.service"];
        Assert.Equal([.. fence, "start mariadb.service", .. fence], FakeSystemctl.Calls(_dir.Path).Where(c => !c.StartsWith("is-active ", StringComparison.Ordinal)));
        Assert.Contains("mariadb.service is active again", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AgentDeadWhileLeaseRunsAndOnlyUnitsListed_FencesThemAtExpiryThenExits()
    {
        var units = Directory.CreateDirectory(_dir.Combine("units")).FullName;
        var systemctl = FakeSystemctl.Write(_dir.Path, FakeSystemctl.Restarting(units));
        File.WriteAllText(_dir.Combine("state-mariadb.service"), "active\n");

        // The agent died holding the lease, its drop-in still in place.
        Assert.True((await new SystemdDriver(systemctl, "mariadb.service", units).AttachAsync(CancellationToken.None)).Ok);
        var deadAgent = Start("true");
        await deadAgent.WaitForExitAsync().WaitAsync("/bin/true to exit");
        var expires = Ticks.NowMilliseconds(TimeProvider.System) + 300;
        new LeaseFile(expires, new FenceTargets { Units = ["mariadb.service"] }).Write(_dir.Combine("lease"));
        using var log = new StringWriter();
        var watchdog = new LeaseWatchdog(_dir.Combine("lease"), deadAgent.Id, TimeSpan.Zero, TimeProvider.System, log);

        await watchdog.RunAsync(systemctl, CancellationToken.None).WaitAsync("the watchdog to fence the unit and exit");

        Assert.True(Ticks.NowMilliseconds(TimeProvider.System) > expires, "it waited for the lease to run out");
        Assert.Equal(
            ["daemon-reload", "kill --signal=KILL mariadb.service", "stop mariadb.service", "is-active mariadb.service"],
            FakeSystemctl.Calls(_dir.Path));
        Assert.Equal("inactive", UnitState());
    }

    [Fact]
    public async Task Executable_BadArguments_ExitCode2()
    {
        var watchdog = Start("dotnet", typeof(LeaseWatchdog).Assembly.Location, WatchdogProcess.Verb, "only-one");
        await watchdog.WaitForExitAsync().WaitAsync("the watchdog to exit on bad arguments");
        Assert.Equal(2, watchdog.ExitCode);
    }

    private Process Start(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardError = file == "dotnet" };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        _children.Add(process);
        return process;
    }

    /// <summary>What the process driver does for a process it started: the pid file and the identity record next to it.</summary>
    private static void StartedByAgent(string pidFile, Process process)
    {
        WritePid(pidFile, process.Id);
        Assert.True(OwnedProcesses.Record(pidFile, process.Id));
    }

    private static void WritePid(string pidFile, int pid) => File.WriteAllText(pidFile, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private int Fences() => FakeSystemctl.Calls(_dir.Path).Count(c => c == "stop mariadb.service");

    private string UnitState() => File.ReadAllText(_dir.Combine("state-mariadb.service")).Trim();

    /// <summary>Counts the watchdog's reads of the clock: it reads it once per lease check, so a rising count proves it went on checking.</summary>
    private sealed class CountingClock(TimeProvider inner) : TimeProvider
    {
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override long GetTimestamp()
        {
            Interlocked.Increment(ref _reads);
            return inner.GetTimestamp();
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            inner.CreateTimer(callback, state, dueTime, period);
    }

    private static int Kill(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.True(kill.WaitForExit(Bounded.DefaultCap), $"kill -{signal} {pid} did not exit");
        return kill.ExitCode;
    }

    public void Dispose()
    {
        foreach (var child in _children)
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }

            child.Dispose();
        }

        _dir.Dispose();
    }
}
