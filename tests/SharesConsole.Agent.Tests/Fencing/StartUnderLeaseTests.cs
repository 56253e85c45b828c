using Microsoft.Extensions.Time.Testing;
using SharesConsole.Agent.Configuration;
using SharesConsole.Agent.Tests.Support;
using SharesConsole.Core.Agents;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Agent.Tests.Fencing;

/// <summary>
/// A start of an active/passive service sent by the control plane runs only if a heartbeat sent for it comes back
/// granting the lease (the deterministic simulation's remaining violations: a late start, or a new active cut off one
/// way before its first grant, ran mysqld under no lease at all).
/// </summary>
public sealed class StartUnderLeaseTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly FakeControlPlaneLink _link = new();

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task StartFromTheControlPlane_RunsOnlyWhenAFreshAckGrantsTheLease(bool granted, bool runs)
    {
        await using var agent = await StartAgentAsync();
        _link.Active = granted;

        await _link.OnCommand!(AgentCommand.Create(AgentCommandKind.Start, 1, "mysqld", "operation"));
        var reply = await Poll.UntilAsync(() => _link.Replies.TryPeek(out var r) ? r : null, r => r is not null, "the reply to the start");

        Assert.Equal(runs, reply!.Ok);
        Assert.Equal(granted ? CommandErrorCode.None : CommandErrorCode.NoLease, reply.Error);
        var mysqld = (await agent.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Report, 1), CancellationToken.None)).Services.Single(s => s.Name == "mysqld");
        Assert.Equal(runs ? ServiceRunState.Running : ServiceRunState.Stopped, mysqld.State);
    }

    [Fact]
    public async Task StartFromTheControlPlane_Unreachable_RefusedWithoutStarting()
    {
        await using var agent = await StartAgentAsync();
        _link.Reachable = false;

        await _link.OnCommand!(AgentCommand.Create(AgentCommandKind.Start, 1, "mysqld", "operation"));
        var reply = await Poll.UntilAsync(() => _link.Replies.TryPeek(out var r) ? r : null, r => r is not null, "the reply to the start");

        Assert.Equal(CommandErrorCode.NoLease, reply!.Error);
        Assert.Contains("no lease could be asked for", reply.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartOfAnActiveActiveService_NeedsNoLease()
    {
        await using var agent = await StartAgentAsync();
        _link.Active = false;

        await _link.OnCommand!(AgentCommand.Create(AgentCommandKind.Start, 1, "asperahttpd", "operation"));
        var reply = await Poll.UntilAsync(() => _link.Replies.TryPeek(out var r) ? r : null, r => r is not null, "the reply to the start");

        Assert.True(reply!.Ok, reply.Message);
    }

    private async Task<NodeAgent> StartAgentAsync()
    {
        var address = Loopback.Agent.Address(33);
        var options = TestAgents.Options(_dir.Combine("state"), address.ToString(), new()
        {
            ["asperahttpd"] = new AgentServiceOptions { Driver = ServiceDriverKind.Lab, StandIn = LabStandInKind.Echo, Port = Ports.FreeTcp(address) },
            ["mysqld"] = new AgentServiceOptions { Driver = ServiceDriverKind.Lab, StandIn = LabStandInKind.ActivePassive, Port = Ports.FreeTcp(address) },
        }, _dir.Combine("lab")) with { Lease = TimeSpan.FromSeconds(10) };
        var agent = TestAgents.Create(options, _link, _time);
        await agent.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => _link.OnCommand is not null, "the agent to listen for commands");
        return agent;
    }

    public void Dispose() => _dir.Dispose();
}
