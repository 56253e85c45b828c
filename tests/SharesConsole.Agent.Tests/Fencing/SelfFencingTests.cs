using Microsoft.Extensions.Time.Testing;
using SharesConsole.Agent.Configuration;
using SharesConsole.Agent.Tests.Support;
using SharesConsole.Core.Agents;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Agent.Tests.Fencing;

/// <summary>The agent's clock is a FakeTimeProvider; the services are real lab stand-ins holding real lock files.</summary>
public sealed class SelfFencingTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly FakeControlPlaneLink _link = new();

    [Fact]
    public async Task Lease_ControlPlaneUnreachableLongerThanLease_StopsActivePassiveInReverseOrderAndReports()
    {
        await using var agent = await StartActiveAgentAsync(selfFencing: true);
        _link.Reachable = false;

        await agent.AdvanceAsync(_time, 9);
        Assert.Null(agent.LastFencing);
        Assert.All(agent.Services, s => Assert.Equal(ServiceRunState.Running, s.State));

        await agent.AdvanceAsync(_time, 2);
        await Poll.UntilAsync(() => agent.LastFencing is not null, "the agent to fence itself");
        Assert.Equal(["shares-background", "crond", "mysqld"], agent.LastFencing!.StoppedServices);
        Assert.Empty(agent.LastFencing.Errors);
        Assert.False(agent.IsActiveLeaseHeld);
        var states = (await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Report, 1), CancellationToken.None)).Services.ToDictionary(s => s.Name, s => s.State);
        Assert.Equal(ServiceRunState.Running, states["asperahttpd"]);
        Assert.Equal(ServiceRunState.Stopped, states["mysqld"]);
        Assert.False(File.Exists(_dir.Combine("lab", "mysqld.owner")));

        _link.Reachable = true;
        var before = _link.Heartbeats.Count;
        await agent.AdvanceAsync(_time, 1);
        await Poll.UntilAsync(() => _link.Heartbeats.Count > before, "a heartbeat once the control plane is reachable again");
        Assert.Equal(agent.LastFencing, _link.Heartbeats.Last().LastFencing);
    }

    [Fact]
    public async Task Lease_HeartbeatNeverAnswered_FencesWhenTheLeaseRunsOutNotALeaseLater()
    {
        await using var agent = await StartActiveAgentAsync(selfFencing: true);
        _link.Silent = true;
        var sent = _link.Heartbeats.Count;

        // The next heartbeat is never answered; the lease (from the last answered one, a second ago) has 9 s left.
        _time.Advance(TimeSpan.FromSeconds(1));
        await Poll.UntilAsync(() => _link.Heartbeats.Count > sent, "a heartbeat that will not be answered");
        _time.Advance(TimeSpan.FromSeconds(8));
        Assert.Null(agent.LastFencing);
        _time.Advance(TimeSpan.FromSeconds(1));

        await Poll.UntilAsync(() => agent.LastFencing is not null, "the agent to fence itself as its lease runs out");
        Assert.Equal(["shares-background", "crond", "mysqld"], agent.LastFencing!.StoppedServices);
    }

    [Fact]
    public async Task Lease_AcksOfAnOlderLeaderTermKeepGranting_TheyRenewNothingAndTheNodeFences()
    {
        await using var agent = await StartActiveAgentAsync(selfFencing: true);
        _link.Term = 5;
        var sent = _link.Heartbeats.Count;
        await agent.AdvanceAsync(_time, 1);
        await Poll.UntilAsync(() => _link.Heartbeats.Count > sent, "a heartbeat acknowledged by the leader of term 5");

        // A deposed leader (term 4) keeps answering heartbeats and keeps "granting" the lease.
        _link.Term = 4;
        await agent.AdvanceAsync(_time, 9);
        Assert.Null(agent.LastFencing);
        await agent.AdvanceAsync(_time, 2);

        await Poll.UntilAsync(() => agent.LastFencing is not null, "the agent to fence itself: the old leader's grants count for nothing");
        Assert.Equal(["shares-background", "crond", "mysqld"], agent.LastFencing!.StoppedServices);
    }

    [Fact]
    public async Task Lease_SelfFencingOff_ServicesKeepRunningAfterLease()
    {
        await using var agent = await StartActiveAgentAsync(selfFencing: false);
        _link.Reachable = false;

        await agent.AdvanceAsync(_time, 12);

        Assert.Null(agent.LastFencing);
        Assert.All(agent.Services, s => Assert.Equal(ServiceRunState.Running, s.State));
        Assert.False(agent.IsActiveLeaseHeld);
        Assert.False(_link.Heartbeats.Last().SelfFencingEnabled);
    }

    [Fact]
    public async Task Lease_PassiveNodeLosesControlPlane_NothingStopped()
    {
        _link.Active = false;
        await using var agent = await StartActiveAgentAsync(selfFencing: true, expectLease: false);
        _link.Reachable = false;

        await agent.AdvanceAsync(_time, 15);

        Assert.Null(agent.LastFencing);
        Assert.All(agent.Services, s => Assert.Equal(ServiceRunState.Running, s.State));
    }

    [Fact]
    public async Task LeaseFile_ActiveThenPassiveAcks_WatchdogSeesExpiryAndProcessTargets()
    {
        var options = TestAgents.Options(_dir.Combine("state"), Loopback.Agent.Address(31).ToString(), new()
        {
            ["mysqld"] = new AgentServiceOptions { Driver = ServiceDriverKind.Process, Command = "/bin/sleep", Arguments = ["600"], PidFile = _dir.Combine("own.pid") },
            ["crond"] = new AgentServiceOptions { Driver = ServiceDriverKind.Process, Command = "/bin/sleep", Arguments = ["600"] },
        }) with { Lease = TimeSpan.FromSeconds(10) };
        await using var agent = TestAgents.Create(options, _link, _time);
        await agent.StartAsync(CancellationToken.None);
        var path = SharesConsole.Agent.Fencing.LeaseFile.PathIn(options.StateDirectory);

        await agent.AdvanceAsync(_time, 1);
        await Poll.UntilAsync(() => SharesConsole.Agent.Fencing.LeaseFile.TryRead(path) is { ExpiresAtMonotonicMs: > 0 }, "a lease file with an expiry");
        var lease = SharesConsole.Agent.Fencing.LeaseFile.TryRead(path)!;
        Assert.Equal(SharesConsole.Agent.Fencing.Ticks.NowMilliseconds(_time) + 10_000, lease.ExpiresAtMonotonicMs);
        Assert.Contains(_dir.Combine("own.pid"), lease.Targets.PidFiles);
        Assert.Contains(Path.Combine(options.StateDirectory, "pids", "crond.pid"), lease.Targets.PidFiles);

        // Passive acks do not end the lease: it runs out at its time, the agent fences the group (a hand-over: no
        // fencing report), and only then does the lease file drop its expiry.
        _link.Active = false;
        await agent.AdvanceAsync(_time, 1);
        Assert.Equal(lease.ExpiresAtMonotonicMs, SharesConsole.Agent.Fencing.LeaseFile.TryRead(path)!.ExpiresAtMonotonicMs);
        Assert.True(agent.IsActiveLeaseHeld);
        await agent.AdvanceAsync(_time, 10);
        await Poll.UntilAsync(() => SharesConsole.Agent.Fencing.LeaseFile.TryRead(path) is { ExpiresAtMonotonicMs: 0 }, "the lease file to drop its expiry once the group stopped");
        Assert.False(agent.IsActiveLeaseHeld);
        Assert.Null(agent.LastFencing);
    }

    [Fact]
    public async Task Lease_RunsOutAndTheFenceLeavesAServiceRunning_ExpiryKeptForTheWatchdogAndTheFenceRetried()
    {
        var driver = new ScriptedDriver { Stuck = true };
        var options = TestAgents.Options(_dir.Combine("state"), Loopback.Agent.Address(32).ToString(), new()
        {
            ["crond"] = new AgentServiceOptions { Driver = ServiceDriverKind.Process, Command = "/bin/true" },
        }) with { Lease = TimeSpan.FromSeconds(10) };
        await using var agent = TestAgents.Create(options, _link, _time, driver);
        await agent.StartAsync(CancellationToken.None);
        Assert.True((await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Start, 1, "crond"), CancellationToken.None)).Ok);
        var path = SharesConsole.Agent.Fencing.LeaseFile.PathIn(options.StateDirectory);
        await agent.AdvanceAsync(_time, 1);
        await Poll.UntilAsync(() => SharesConsole.Agent.Fencing.LeaseFile.TryRead(path) is { ExpiresAtMonotonicMs: > 0 }, "a lease file with an expiry");
        var expiry = SharesConsole.Agent.Fencing.LeaseFile.TryRead(path)!.ExpiresAtMonotonicMs;
        _link.Active = false;

        await agent.AdvanceAsync(_time, 11);
        await Poll.UntilAsync(() => agent.LastFencing is not null, "the agent to fence itself");

        var report = agent.LastFencing!;
        Assert.NotEmpty(report.Errors);
        Assert.True(driver.IsRunning);
        Assert.False(agent.IsActiveLeaseHeld);
        Assert.Equal(expiry, SharesConsole.Agent.Fencing.LeaseFile.TryRead(path)!.ExpiresAtMonotonicMs);
        var fences = driver.Fences;
        await agent.AdvanceAsync(_time, 1);
        await Poll.UntilAsync(() => driver.Fences > fences, "the fence to be tried again");
        Assert.Equal(expiry, SharesConsole.Agent.Fencing.LeaseFile.TryRead(path)!.ExpiresAtMonotonicMs);
        Assert.Same(report, agent.LastFencing);

        driver.Stuck = false;
        await agent.AdvanceAsync(_time, 2);
        await Poll.UntilAsync(() => SharesConsole.Agent.Fencing.LeaseFile.TryRead(path) is { ExpiresAtMonotonicMs: 0 }, "the lease file to drop its expiry once the group is gone");
        Assert.False(driver.IsRunning);
    }

    [Fact]
    public async Task Lease_ExpiresWhilePidFileNamesAProcessTheAgentDidNotStart_ReplyAndFencingReportCarryTheRefusal()
    {
        using var stranger = System.Diagnostics.Process.Start("/bin/sleep", ["600"]);
        try
        {
            File.WriteAllText(_dir.Combine("mysqld.pid"), stranger.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var options = TestAgents.Options(_dir.Combine("state"), Loopback.Agent.Address(33).ToString(), new()
            {
                ["mysqld"] = new AgentServiceOptions { Driver = ServiceDriverKind.Process, Command = "/bin/sleep", Arguments = ["600"], PidFile = _dir.Combine("mysqld.pid") },
            }) with { Lease = TimeSpan.FromSeconds(10) };
            await using var agent = TestAgents.Create(options, _link, _time);
            await agent.StartAsync(CancellationToken.None);

            var stop = await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Stop, 1, "mysqld"), CancellationToken.None);
            await agent.AdvanceAsync(_time, 1);
            await Poll.UntilAsync(() => agent.IsActiveLeaseHeld, "the lease to be granted");
            _link.Reachable = false;
            await agent.AdvanceAsync(_time, 11);
            await Poll.UntilAsync(() => agent.LastFencing is not null, "the agent to fence itself");

            var refusal = $"Refused to kill pid {stranger.Id}: {_dir.Combine("mysqld.pid")} names pid {stranger.Id}, which the agent did not start";
            Assert.False(stop.Ok);
            Assert.Equal(CommandErrorCode.DriverError, stop.Error);
            Assert.StartsWith(refusal, stop.Message, StringComparison.Ordinal);
            Assert.Empty(agent.LastFencing!.StoppedServices);
            Assert.StartsWith($"mysqld: DriverError: {refusal}", Assert.Single(agent.LastFencing.Errors), StringComparison.Ordinal);
            Assert.False(stranger.HasExited);
        }
        finally
        {
            stranger.Kill();
        }
    }

    private async Task<NodeAgent> StartActiveAgentAsync(bool selfFencing, bool expectLease = true)
    {
        var address = Loopback.Agent.Address(30);
        var options = TestAgents.Options(_dir.Combine("state"), address.ToString(), new()
        {
            ["asperahttpd"] = new AgentServiceOptions { Driver = ServiceDriverKind.Lab, StandIn = LabStandInKind.Echo, Port = Ports.FreeTcp(address), AutoStart = true },
            ["mysqld"] = new AgentServiceOptions { Driver = ServiceDriverKind.Lab, StandIn = LabStandInKind.ActivePassive, Port = Ports.FreeTcp(address) },
            ["crond"] = new AgentServiceOptions { Driver = ServiceDriverKind.Lab, StandIn = LabStandInKind.ActivePassive },
            ["shares-background"] = new AgentServiceOptions { Driver = ServiceDriverKind.Lab, StandIn = LabStandInKind.ActivePassive },
        }, _dir.Combine("lab")) with { SelfFencing = selfFencing, Lease = TimeSpan.FromSeconds(10) };
        var agent = TestAgents.Create(options, _link, _time);
        await agent.StartAsync(CancellationToken.None);
        foreach (var name in new[] { "mysqld", "crond", "shares-background" })
        {
            var reply = await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Start, 1, name), CancellationToken.None);
            Assert.True(reply.Ok, reply.Message);
        }

        await agent.AdvanceAsync(_time, 1);
        await Poll.UntilAsync(() => !_link.Heartbeats.IsEmpty && agent.IsActiveLeaseHeld == expectLease, $"a heartbeat acknowledged with the lease {(expectLease ? "held" : "not held")}");
        await Poll.UntilAsync(
            () => agent.Services.All(s => s.State == ServiceRunState.Running),
            "every service running",
            describe: () => string.Join(", ", agent.Services.Select(s => $"{s.Name}={s.State}")));
        return agent;
    }

    public void Dispose() => _dir.Dispose();
}
