using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using SharesConsole.Agent.Configuration;
using SharesConsole.Agent.Drivers;
using SharesConsole.Agent.Drivers.Processes;
using SharesConsole.Agent.Native;
using SharesConsole.Core.Agents;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Logging;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Agent.Tests.Drivers.Processes;

public sealed class ProcessDriverTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ListLoggerProvider _log = new();
    private readonly List<Process> _strangers = [];
    private readonly LoggerFactory _logging;

    public ProcessDriverTests() => _logging = new LoggerFactory([_log]);

    [Fact]
    public async Task GetState_ProcessKilledFromOutside_ReportsFailedWithExitCode()
    {
        await using var driver = Driver(new() { Driver = ServiceDriverKind.Process, Command = "/bin/sleep", Arguments = ["300"] });
        var start = await driver.StartAsync(CancellationToken.None);
        Assert.True(start.Ok, start.Error);
        Assert.Equal(ServiceRunState.Running, (await driver.GetStateAsync(CancellationToken.None)).State);

        Assert.Equal(0, Libc.Kill(start.Pid!.Value, Libc.SigKill));

        await Poll.UntilAsync(async () => (await driver.GetStateAsync(CancellationToken.None)).State == ServiceRunState.Failed, "the driver to report the process failed");
        Assert.Contains("code", (await driver.GetStateAsync(CancellationToken.None)).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_CommandExitsAtOnce_FailureReportedWithExitCodeAndLog()
    {
        var log = _dir.Combine("svc.log");
        await using var driver = Driver(new() { Driver = ServiceDriverKind.Process, Command = "/bin/sh", Arguments = ["-c", "echo boom >&2; exit 7"], LogFile = log });

        var start = await driver.StartAsync(CancellationToken.None);

        // On a loaded machine the exit may come after the start window; then the state must say so.
        if (start.Ok)
        {
            await Poll.UntilAsync(async () => (await driver.GetStateAsync(CancellationToken.None)).State == ServiceRunState.Failed, "the driver to report the process failed");
            Assert.Contains("code 7", (await driver.GetStateAsync(CancellationToken.None)).Detail, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("code 7", start.Error, StringComparison.Ordinal);
            Assert.Contains(log, start.Error, StringComparison.Ordinal);
        }

        Assert.Contains("boom", File.ReadAllText(log), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_ProcessIgnoresSigterm_KilledAfterGrace()
    {
        await using var driver = Driver(new()
        {
            Driver = ServiceDriverKind.Process, Command = "/bin/sh", Arguments = ["-c", "trap '' TERM; while true; do sleep 0.1; done"],
            StopGrace = TimeSpan.FromMilliseconds(500),
        });
        var start = await driver.StartAsync(CancellationToken.None);
        Assert.True(start.Ok, start.Error);

        var stop = await driver.StopAsync(CancellationToken.None);

        Assert.True(stop.Ok, stop.Error);
        Assert.False(ProcessTable.IsAlive(start.Pid!.Value));
        Assert.Equal(ServiceRunState.Stopped, (await driver.GetStateAsync(CancellationToken.None)).State);
    }

    [Fact]
    public async Task Start_NewDriverInstanceAfterAgentRestart_FindsTheRunningProcess()
    {
        var options = new AgentServiceOptions { Driver = ServiceDriverKind.Process, Command = "/bin/sleep", Arguments = ["300"] };
        await using var first = Driver(options);
        var started = await first.StartAsync(CancellationToken.None);
        await using var second = Driver(options);

        var again = await second.StartAsync(CancellationToken.None);
        var stop = await second.StopAsync(CancellationToken.None);

        Assert.True(again.Unchanged);
        Assert.Equal(started.Pid, again.Pid);
        Assert.True(stop.Ok);
        // The process is the test's own child: it leaves the process table once .NET has reaped it, a moment after the stop.
        await Poll.UntilAsync(() => !ProcessTable.IsAlive(started.Pid!.Value), "the stopped process to leave the process table");
    }

    [Fact]
    public async Task StopAndFence_PidFileNamesAProcessTheAgentDidNotStart_RefusedLoggedAndItSurvives()
    {
        var stranger = StartStranger();
        File.WriteAllText(_dir.Combine("daemon.pid"), Pid(stranger));
        await using var driver = Driver(new() { Driver = ServiceDriverKind.Process, Command = "/bin/sleep", Arguments = ["300"], PidFile = _dir.Combine("daemon.pid") });

        var stop = await driver.StopAsync(CancellationToken.None);
        var fence = await driver.FenceAsync(CancellationToken.None);
        var start = await driver.StartAsync(CancellationToken.None);
        var state = await driver.GetStateAsync(CancellationToken.None);

        var why = $"{_dir.Combine("daemon.pid")} names pid {stranger.Id}, which the agent did not start";
        foreach (var refused in new[] { stop, fence })
        {
            Assert.False(refused.Ok);
            Assert.StartsWith($"Refused to kill pid {stranger.Id}: {why}", refused.Error, StringComparison.Ordinal);
        }

        Assert.False(start.Ok);
        Assert.StartsWith($"Not starting svc: {why}", start.Error, StringComparison.Ordinal);
        Assert.Equal(new DriverState(ServiceRunState.Unknown, stranger.Id, state.Detail), state);
        Assert.Contains(why, state.Detail, StringComparison.Ordinal);
        Assert.Equal(2, _log.Entries.Count(e => e.Id.Id == 122 && e.Message.Contains($"refused to kill pid {stranger.Id}", StringComparison.Ordinal)));
        Assert.False(stranger.HasExited);
    }

    [Fact]
    public async Task Fence_ProcessTheAgentStarted_KilledAtOnceWithoutGrace()
    {
        await using var driver = Driver(new()
        {
            Driver = ServiceDriverKind.Process, Command = "/bin/sh", Arguments = ["-c", "trap '' TERM; while true; do sleep 0.1; done"],
            StopGrace = TimeSpan.FromMinutes(10),
        });
        var start = await driver.StartAsync(CancellationToken.None);
        Assert.True(start.Ok, start.Error);
        Assert.True(File.Exists(OwnedProcesses.RecordPath(driver.TrackFile)));

        var fence = await driver.FenceAsync(CancellationToken.None).WaitAsync("the fence, which must not wait out the 10-minute grace");

        Assert.True(fence.Ok, fence.Error);
        Assert.False(ProcessTable.IsAlive(start.Pid!.Value));
        Assert.False(File.Exists(driver.TrackFile));
        Assert.False(File.Exists(OwnedProcesses.RecordPath(driver.TrackFile)));
        Assert.Contains(_log.Entries, e => e.Id.Id == 123);
    }

    [Fact]
    public async Task StopAndFence_PidFileRewrittenToAnotherProcess_RefusedAndBothSurvive()
    {
        await using var driver = Driver(new() { Driver = ServiceDriverKind.Process, Command = "/bin/sleep", Arguments = ["300"] });
        var start = await driver.StartAsync(CancellationToken.None);
        Assert.True(start.Ok, start.Error);
        var stranger = StartStranger();

        // The pid file now names another process, as a reused pid would.
        File.WriteAllText(driver.TrackFile, Pid(stranger));
        var stop = await driver.StopAsync(CancellationToken.None);
        var fence = await driver.FenceAsync(CancellationToken.None);

        foreach (var refused in new[] { stop, fence })
        {
            Assert.False(refused.Ok);
            Assert.Equal($"Refused to kill pid {stranger.Id}: {driver.TrackFile} names pid {stranger.Id}, but the agent started pid {start.Pid}.", refused.Error);
        }

        Assert.False(stranger.HasExited);
        Assert.True(ProcessTable.IsAlive(start.Pid!.Value), "no pid file names it any more");
        File.WriteAllText(driver.TrackFile, start.Pid.Value.ToString(CultureInfo.InvariantCulture));
        Assert.True((await driver.FenceAsync(CancellationToken.None)).Ok);
        Assert.False(ProcessTable.IsAlive(start.Pid.Value));
    }

    [Fact]
    public async Task Stop_PidOfTheServiceReusedByAnotherProcess_NothingKilledAndReportedStopped()
    {
        // The agent's process is gone and its pid went to another: same pid, program and command line, another start time.
        await using var driver = Driver(new() { Driver = ServiceDriverKind.Process, Command = "/bin/sleep", Arguments = ["600"] });
        var reuser = StartStranger();
        Directory.CreateDirectory(Path.GetDirectoryName(driver.TrackFile)!);
        File.WriteAllText(driver.TrackFile, Pid(reuser));
        var actual = ProcessIdentity.Read(reuser.Id)!;
        OwnedProcesses.Save(driver.TrackFile, actual with { StartTime = actual.StartTime - 1 });

        var state = await driver.GetStateAsync(CancellationToken.None);
        var stop = await driver.StopAsync(CancellationToken.None);

        Assert.Equal(ServiceRunState.Stopped, state.State);
        Assert.True(stop.Ok && stop.Unchanged, stop.Error);
        Assert.False(reuser.HasExited);
        Assert.False(File.Exists(driver.TrackFile));
        Assert.Contains(_log.Entries, e => e.Id.Id == 124 && e.Message.Contains($"not killing pid {reuser.Id}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_WithLogFile_RecordsTheServiceNotTheShellThatStartedIt()
    {
        await using var driver = Driver(new() { Driver = ServiceDriverKind.Process, Command = "/bin/sleep", Arguments = ["300"], LogFile = _dir.Combine("svc.log") });

        var start = await driver.StartAsync(CancellationToken.None);

        Assert.True(start.Ok, start.Error);
        var found = OwnedProcesses.Find(driver.TrackFile);
        Assert.Equal(PidOwnership.Owned, found?.Ownership);
        Assert.Equal(["/bin/sleep", "300"], found!.Identity!.CommandLine);
        Assert.EndsWith("sleep", found.Identity.Executable, StringComparison.Ordinal);
        Assert.True((await driver.StopAsync(CancellationToken.None)).Ok);
    }

    private Process StartStranger()
    {
        var process = Process.Start("/bin/sleep", ["600"]);
        _strangers.Add(process);
        return process;
    }

    private static string Pid(Process process) => process.Id.ToString(CultureInfo.InvariantCulture);

    private ProcessDriver Driver(AgentServiceOptions options) =>
        new("svc", options, _dir.Path, TimeProvider.System, _logging.CreateLogger<ProcessDriver>());

    public void Dispose()
    {
        foreach (var stranger in _strangers)
        {
            if (!stranger.HasExited)
            {
                stranger.Kill();
            }

            stranger.Dispose();
        }

        _logging.Dispose();
        _dir.Dispose();
    }
}
