using Microsoft.Extensions.Time.Testing;
using SharesConsole.Agent.Configuration;
using SharesConsole.Agent.Drivers.Systemd;
using SharesConsole.Agent.Tests.Support;
using SharesConsole.Core.Agents;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Agent.Tests.Fencing;

/// <summary>An agent driving systemd units through a fake systemctl whose units restart after an abnormal exit.</summary>
public sealed class SystemdSelfFencingTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly FakeControlPlaneLink _link = new();

    [Fact]
    public async Task Lease_ExpiresWithActivePassiveUnit_UnitHeldToRestartNoAndFencedByKillThenStop()
    {
        var units = Directory.CreateDirectory(_dir.Combine("units")).FullName;
        var options = TestAgents.Options(_dir.Combine("state"), Loopback.Agent.Address(32).ToString(), new()
        {
            ["mysqld"] = new AgentServiceOptions { Driver = ServiceDriverKind.Systemd, Unit = "mariadb.service" },
            ["nginx"] = new AgentServiceOptions { Driver = ServiceDriverKind.Systemd, Unit = "nginx.service" },
        }) with { SystemctlPath = FakeSystemctl.Write(_dir.Path, FakeSystemctl.Restarting(units)), SystemdUnitDirectory = units, Lease = TimeSpan.FromSeconds(10) };
        await using var agent = TestAgents.Create(options, _link, _time);

        await agent.StartAsync(CancellationToken.None);

        // Only the active/passive unit is held: nginx (active/active) may restart wherever it runs.
        Assert.True(File.Exists(RestartGuard.PathOf(units, "mariadb.service")));
        Assert.False(Directory.Exists(Path.Combine(units, "nginx.service.d")));
        foreach (var name in new[] { "mysqld", "nginx" })
        {
            var reply = await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Start, 1, name), CancellationToken.None);
            Assert.True(reply.Ok, reply.Message);
        }

        await agent.AdvanceAsync(_time, 1);
        await Poll.UntilAsync(() => agent.IsActiveLeaseHeld, "the lease to be granted");
        _link.Reachable = false;
        await agent.AdvanceAsync(_time, 11);
        await Poll.UntilAsync(() => agent.LastFencing is not null, "the agent to fence itself");
        Assert.Equal(["mysqld"], agent.LastFencing!.StoppedServices);
        Assert.Empty(agent.LastFencing.Errors);
        await agent.StopAsync(CancellationToken.None);

        Assert.Equal(
            ["daemon-reload", "start mariadb.service", "start nginx.service", "kill --signal=KILL mariadb.service", "stop mariadb.service", "daemon-reload"],
            FakeSystemctl.Calls(_dir.Path).Where(c => !c.StartsWith("is-active ", StringComparison.Ordinal)));
        Assert.False(File.Exists(RestartGuard.PathOf(units, "mariadb.service")));
        Assert.Equal("active", File.ReadAllText(_dir.Combine("state-nginx.service")).Trim());
    }

    public void Dispose() => _dir.Dispose();
}
