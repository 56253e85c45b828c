using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SharesConsole.Agent;
using SharesConsole.Agent.Configuration;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.Core.Agents;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Logging;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Tests.Common.Polling;
using Xunit.Abstractions;

namespace SharesConsole.Web.Tests.Agents;

/// <summary>AgentHub on Kestrel and a NodeAgent connecting over SignalR with its token, all on 127.0.9.70.</summary>
public sealed class AgentHubEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private static readonly System.Net.IPAddress Address = Loopback.Web.Address(70);
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Hub_AgentWithToken_HeartbeatsCommandsStaleEpochAndSelfFencing()
    {
        var port = Ports.FreeTcp(Address);
        await using var host = await AgentHubHost.StartAsync(Address, port, "node-e", epoch: 5, lease: TimeSpan.FromSeconds(2));
        await using var agent = new NodeAgent(Options(host.Url, host.Tokens.Issue("node-e")), NullLoggerFactory.Instance);
        var watch = Stopwatch.StartNew();
        await agent.StartAsync(CancellationToken.None);

        await Poll.UntilAsync(() => host.Registry.Find("node-e")?.LastHeartbeat is { Services.Count: 2 }, "a heartbeat listing both services");
        output.WriteLine($"first heartbeat with services after {watch.ElapsedMilliseconds} ms");
        await Poll.UntilAsync(() => agent.IsActiveLeaseHeld && agent.HighestEpoch == 5, "the agent to hold the active lease at epoch 5");
        Assert.True(host.Registry.Find("node-e")!.LastAck!.IsActive);

        watch.Restart();
        var start = await host.Registry.SendAsync("node-e", AgentCommand.Create(AgentCommandKind.Start, 5, "mysqld"), CancellationToken.None);
        output.WriteLine($"start round trip {watch.Elapsed.TotalMilliseconds:0.0} ms (agent-side {start.DurationMs:0.0} ms)");
        Assert.True(start.Ok, start.Message);
        Assert.Equal("node-e", start.Node);
        Assert.Equal(SocketError.Success, await Ports.ConnectAsync(Address, _mysqlPort));

        var stale = await host.Registry.SendAsync("node-e", AgentCommand.Create(AgentCommandKind.Stop, 4, "mysqld"), CancellationToken.None);
        Assert.Equal(CommandErrorCode.StaleEpoch, stale.Error);
        Assert.Equal(5, stale.AgentEpoch);
        Assert.Equal(SocketError.Success, await Ports.ConnectAsync(Address, _mysqlPort));

        var unknown = await host.Registry.SendAsync("node-e", AgentCommand.Create(AgentCommandKind.Start, 5, "oracle"), CancellationToken.None);
        Assert.Equal(CommandErrorCode.UnknownService, unknown.Error);

        var report = await host.Registry.SendAsync("node-e", AgentCommand.Create(AgentCommandKind.Report, 5), CancellationToken.None);
        Assert.Contains(report.Services, s => s is { Name: "mysqld", State: ServiceRunState.Running, LastProbeOk: true });

        // The control plane goes away: the active agent's 2 s lease runs out and it fences itself.
        watch.Restart();
        await host.DisposeAsync();
        await Poll.UntilAsync(() => agent.LastFencing is not null, "the agent to fence itself");
        output.WriteLine($"self-fenced {watch.ElapsedMilliseconds} ms after the control plane stopped (lease 2 s)");
        Assert.Equal(["mysqld"], agent.LastFencing!.StoppedServices);
        Assert.Equal(SocketError.ConnectionRefused, await Ports.ConnectAsync(Address, _mysqlPort));

        // It comes back on the same address: the agent reconnects and reports the fencing.
        watch.Restart();
        await using var again = await AgentHubHost.StartAsync(Address, port, "node-e", epoch: 5, lease: TimeSpan.FromSeconds(2));
        again.Tokens.SetHash("node-e", NodeTokens.Hash(agent.Options.Token));
        await Poll.UntilAsync(() => again.Registry.Find("node-e")?.LastHeartbeat?.LastFencing is not null, "the fencing to be reported after the reconnect");
        output.WriteLine($"reconnected and reported the fencing {watch.ElapsedMilliseconds} ms after the control plane came back");
    }

    [Fact]
    public async Task SeveralControlPlanes_TheOneConnectedGoesSilent_TheAgentMovesToTheNextBeforeItsLeaseRunsOut()
    {
        // The lab's leader-pause: a paused control plane keeps the agent's connection open and says nothing. Before, the
        // agent waited for SignalR's 30 s timeout on it (and for its SSE connection to wind down) while its 10 s lease ran
        // out: the active node fenced itself although the other control plane was there to renew it.
        var lease = TimeSpan.FromSeconds(10);
        await using var first = await AgentHubHost.StartAsync(Address, Ports.FreeTcp(Address), "node-e", epoch: 5, lease: lease);
        await using var second = await AgentHubHost.StartAsync(Address, Ports.FreeTcp(Address), "node-e", epoch: 5, lease: lease);
        var token = first.Tokens.Issue("node-e");
        second.Tokens.SetHash("node-e", NodeTokens.Hash(token));
        var firstUri = new Uri(first.Url);
        var relayPort = Ports.FreeTcp(Address);
        await using var relay = new FreezableRelay(Address, relayPort, new System.Net.IPEndPoint(Address, firstUri.Port));
        var options = Options($"http://{Address}:{relayPort}", token) with { Lease = lease, ControlPlaneUrls = [second.Url] };
        await using var agent = new NodeAgent(options, NullLoggerFactory.Instance);
        await agent.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => agent.IsActiveLeaseHeld && first.Registry.Find("node-e")?.IsConnected == true, "the agent on the first control plane, holding the lease");
        Assert.Null(second.Registry.Find("node-e")?.LastHeartbeat);

        relay.Freeze();
        await Poll.UntilAsync(() => second.Registry.Find("node-e")?.LastAck is { IsActive: true }, "a lease-renewing ack from the second control plane", TimeSpan.FromSeconds(60));

        Assert.Null(agent.LastFencing);   // the lease never ran out on the way
        Assert.True(agent.IsActiveLeaseHeld);
    }

    [Fact]
    public async Task Hub_WrongToken_ConnectionRejectedAndCommandsSayNotConnected()
    {
        await using var host = await AgentHubHost.StartAsync(Address, 0, "node-e", epoch: 1, lease: TimeSpan.FromSeconds(10));
        host.Tokens.Issue("node-e");
        var intruderLog = new ListLoggerProvider();
        using var intruderLogging = new LoggerFactory([intruderLog]);
        await using var good = new NodeAgent(Options(host.Url, host.Tokens.Issue("node-g")) with { NodeName = "node-g", Services = [] }, NullLoggerFactory.Instance);
        await using var intruder = new NodeAgent(Options(host.Url, "not-the-token") with { StateDirectory = _dir.Combine("state-x"), Services = [] }, intruderLogging);
        await good.StartAsync(CancellationToken.None);
        await intruder.StartAsync(CancellationToken.None);

        await Poll.UntilAsync(() => host.Registry.Find("node-g")?.LastHeartbeat is not null, "a heartbeat from node-g");
        // The intruder did knock: the hub turned its connection away (event 141, "cannot connect", with the hub's 401).
        await Poll.UntilAsync(
            () => intruderLog.Entries.Any(e => e.Id.Id == 141 && e.Message.Contains("401", StringComparison.Ordinal)),
            "the hub to refuse the intruder's connection with 401",
            describe: () => "intruder's log: " + string.Join(" | ", intruderLog.Entries.Select(e => $"{e.Id.Id} {e.Message}")));

        Assert.Null(host.Registry.Find("node-e"));
        Assert.False(intruder.IsActiveLeaseHeld);
        var reply = await host.Registry.SendAsync("node-e", AgentCommand.Create(AgentCommandKind.Report, 1), CancellationToken.None);
        Assert.Equal(CommandErrorCode.NodeNotConnected, reply.Error);
    }

    private int _mysqlPort;

    [Fact]
    public async Task Hub_SeveralControlPlanes_CommandsCarryTheTerm_NoneWhenNotLeader_AgentRefusesAnOlderTerm()
    {
        var leadership = new SettableLeadership { Leader = true, CurrentTerm = 3 };
        await using var host = await AgentHubHost.StartAsync(Address, 0, "node-e", epoch: 5, lease: TimeSpan.FromSeconds(2), leadership);
        await using var agent = new NodeAgent(Options(host.Url, host.Tokens.Issue("node-e")), NullLoggerFactory.Instance);
        await agent.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => agent.IsActiveLeaseHeld && agent.HighestEpoch == 5, "the agent to hold the active lease from the leader of term 3");
        Assert.Equal(3, host.Registry.Find("node-e")!.LastAck!.Term);

        var asLeader = await host.Registry.SendAsync("node-e", AgentCommand.Create(AgentCommandKind.Report, 5), CancellationToken.None);
        leadership.Leader = false;
        var notLeader = await host.Registry.SendAsync("node-e", AgentCommand.Create(AgentCommandKind.Stop, 5, "mysqld"), CancellationToken.None);
        leadership.Leader = true;
        leadership.CurrentTerm = 2;   // a deposed leader that still believes it leads
        var deposed = await host.Registry.SendAsync("node-e", AgentCommand.Create(AgentCommandKind.Stop, 5, "mysqld"), CancellationToken.None);

        Assert.True(asLeader.Ok, asLeader.Message);
        Assert.Equal(CommandErrorCode.StaleTerm, notLeader.Error);
        Assert.Contains("not the leader", notLeader.Message, StringComparison.Ordinal);
        Assert.Equal(CommandErrorCode.StaleTerm, deposed.Error);
        Assert.Contains("term 2", deposed.Message, StringComparison.Ordinal);
        Assert.Contains("term 3", deposed.Message, StringComparison.Ordinal);
    }

    private sealed class SettableLeadership : SharesConsole.ControlPlane.Leadership.ILeadership
    {
        public bool Leader { get; set; }

        public long CurrentTerm { get; set; }

        public bool SingleInstance => false;

        public bool IsLeader => Leader;

        public long Term => CurrentTerm;

        public SharesConsole.Data.Stores.LeaderFence? Fence => new("cp-test", CurrentTerm);

        public string InstanceName => "cp-test";

        public string? LeaderUrl => null;

        public string? LeaderName => "cp-test";

        public DateTimeOffset? LeaderSince => null;

        public Task Acquired => Task.CompletedTask;
    }

    private AgentOptions Options(string url, string token)
    {
        _mysqlPort = Ports.FreeTcp(Address);
        return new AgentOptions
        {
            NodeName = "node-e",
            Address = Address.ToString(),
            ControlPlaneUrl = url,
            Token = token,
            StateDirectory = _dir.Combine("state"),
            LabDirectory = _dir.Combine("lab"),
            Lease = TimeSpan.FromSeconds(2),
            HeartbeatInterval = TimeSpan.FromMilliseconds(250),
            Services = new(StringComparer.OrdinalIgnoreCase)
            {
                ["asperahttpd"] = new() { Driver = ServiceDriverKind.Lab, StandIn = LabStandInKind.Echo, Port = Ports.FreeTcp(Address), AutoStart = true },
                ["mysqld"] = new() { Driver = ServiceDriverKind.Lab, StandIn = LabStandInKind.ActivePassive, Port = _mysqlPort },
            },
        };
    }

    public void Dispose() => _dir.Dispose();
}
