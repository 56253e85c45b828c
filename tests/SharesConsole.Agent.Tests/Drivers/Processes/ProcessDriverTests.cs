using Microsoft.Extensions.Logging.Abstractions;
using SharesConsole.Agent.Configuration;
using SharesConsole.Agent.Drivers.Processes;
using SharesConsole.Agent.Native;
using SharesConsole.Core.Agents;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Agent.Tests.Drivers.Processes;

public sealed class ProcessDriverTests : IDisposable
{
    private readonly TempDirectory _dir = new();

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
        Assert.False(ProcessTable.IsAlive(started.Pid!.Value));
    }

    private ProcessDriver Driver(AgentServiceOptions options) =>
        new("svc", options, _dir.Path, TimeProvider.System, NullLogger<ProcessDriver>.Instance);

    public void Dispose() => _dir.Dispose();
}
