using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SharesConsole.ControlPlane.Agents;
using SharesConsole.ControlPlane.Failover;
using SharesConsole.ControlPlane.Tests.Support;
using SharesConsole.Core.Agents;
using SharesConsole.Core.Failover;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.ControlPlane.Tests.Failover;

/// <summary>The executor's hands on the real stores (SQLite) and a scripted agent, on the fake clock.</summary>
public sealed class AgentFailoverActionsTests : IAsyncLifetime
{
    private readonly ScriptedAgents _agents = new();
    private ControlPlaneHarness? _harness;

    private ControlPlaneHarness Harness => _harness!;

    private AgentFailoverActions Actions => Harness.Get<AgentFailoverActions>();

    public async Task InitializeAsync()
    {
        _harness = await ControlPlaneHarness.CreateAsync(services =>
        {
            services.RemoveAll<IAgentCommandSender>();
            services.AddSingleton<IAgentCommandSender>(_agents);
        });
        await _harness.LoadAsync();
    }

    public async Task DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }

    [Fact]
    public async Task StartService_ReplyRunningWithProbeOk_SucceedsAtOnce()
    {
        _agents.Reply = (node, command) => Ok(node, command, Running("mysqld", probeOk: true));

        var result = await Actions.StartServiceAsync("node-b", "mysqld", 2, CancellationToken.None);

        Assert.True(result.Ok, result.Detail);
        Assert.Equal(["node-b Start mysqld @2"], _agents.Sent);
    }

    [Fact]
    public async Task StartService_ProbePassesOnALaterReport_SucceedsThen()
    {
        var reports = 0;
        _agents.Reply = (node, command) => command.Kind == AgentCommandKind.Report && Interlocked.Increment(ref reports) >= 3
            ? Ok(node, command, Running("mysqld", probeOk: true))
            : Ok(node, command, Running("mysqld", probeOk: false));

        var start = Actions.StartServiceAsync("node-b", "mysqld", 2, CancellationToken.None);
        await Poll.AdvancingUntilAsync(Harness.Time, TimeSpan.FromMilliseconds(200), () => start.IsCompleted, "the start to be verified");

        Assert.True((await start).Ok);
        Assert.Equal(3, Volatile.Read(ref reports));
    }

    [Fact]
    public async Task StartService_ProbeNeverPasses_FailsAfterTheVerifyTimeout()
    {
        _agents.Reply = (node, command) => Ok(node, command, Running("mysqld", probeOk: false));
        var began = Harness.Time.GetUtcNow();

        var start = Actions.StartServiceAsync("node-b", "mysqld", 2, CancellationToken.None);
        await Poll.AdvancingUntilAsync(Harness.Time, TimeSpan.FromSeconds(1), () => start.IsCompleted, "the verify timeout");

        var result = await start;
        Assert.False(result.Ok);
        Assert.Contains("did not pass its probe within 20 s", result.Detail, StringComparison.Ordinal);
        Assert.True(Harness.Time.GetUtcNow() - began >= TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task StartService_Refused_FailsWithTheAgentsError()
    {
        _agents.Reply = (node, command) => CommandReply.Failure(command.Id, node, CommandErrorCode.StaleEpoch, "epoch 1 is older than 2");

        var result = await Actions.StartServiceAsync("node-b", "mysqld", 1, CancellationToken.None);

        Assert.False(result.Ok);
        Assert.Equal("StaleEpoch: epoch 1 is older than 2", result.Detail);
    }

    [Fact]
    public async Task StartService_TargetReconnecting_WaitsForItThenStarts()
    {
        _agents.Connected["node-b"] = false;
        _agents.Reply = (node, command) => Ok(node, command, Running("mysqld", probeOk: true));

        var start = Actions.StartServiceAsync("node-b", "mysqld", 2, CancellationToken.None);
        Harness.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.Empty(_agents.Sent);
        _agents.Connected["node-b"] = true;
        await Poll.AdvancingUntilAsync(Harness.Time, TimeSpan.FromMilliseconds(200), () => start.IsCompleted, "the start once the agent is back");

        Assert.True((await start).Ok);
        Assert.Equal(["node-b Start mysqld @2"], _agents.Sent);
    }

    [Fact]
    public async Task IsGroupStopped_OnlyWhenEveryActivePassiveServiceIsDown()
    {
        var group = Harness.Store.Catalog.ActivePassiveStartOrder.Select(s => s.Name).ToList();
        _agents.Reply = (node, command) => Ok(node, command, [.. group.Select(s => Status(s, s == group[^1] ? ServiceRunState.Running : ServiceRunState.Stopped))]);
        Assert.False(await Actions.IsGroupStoppedAsync("node-a", CancellationToken.None));

        _agents.Reply = (node, command) => Ok(node, command, [.. group.Select(s => Status(s, ServiceRunState.Stopped))]);
        Assert.True(await Actions.IsGroupStoppedAsync("node-a", CancellationToken.None));

        _agents.Reply = (node, command) => CommandReply.Failure(command.Id, node, CommandErrorCode.NodeNotConnected, "gone");
        Assert.False(await Actions.IsGroupStoppedAsync("node-a", CancellationToken.None));
    }

    [Fact]
    public async Task RaiseEpochAndRecordStep_GoThroughTheStores()
    {
        var epoch = Harness.Store.Topology.Epoch;
        var recorded = new List<string>();
        Actions.StepRecorded += (_, e) => recorded.Add(e.Step.Name);

        var raise = await Actions.RaiseEpochAsync(epoch, "node-b", CancellationToken.None);
        var stale = await Actions.RaiseEpochAsync(epoch, "node-b", CancellationToken.None);

        Assert.Equal((EpochRaise.Raised, epoch + 1), raise);
        Assert.Equal(EpochRaise.AlreadyRaised, stale.Result);
        Assert.Equal("node-b", Harness.Store.Current.Topology.ActiveNode);
        Assert.Equal("node-b", (await Harness.Repository.LoadAsync(CancellationToken.None))!.Topology.ActiveNode);
        await Assert.ThrowsAsync<Data.Stores.StoreConflictException>(() =>
            Actions.RecordStepAsync(Guid.NewGuid(), new StepRecord("fence", StepStatus.Running, Harness.Time.GetUtcNow(), Harness.Time.GetUtcNow(), "x"), CancellationToken.None));
        Assert.Empty(recorded);
    }

    [Fact]
    public void LeaseRemaining_FollowsTheLastGrant()
    {
        var grants = Harness.Get<LeaseGrants>();
        var lease = TimeSpan.FromSeconds(10);
        Harness.Time.Advance(TimeSpan.FromSeconds(5));
        grants.TryGrant("node-a", lease, () => true);
        Harness.Time.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal(TimeSpan.FromSeconds(8), Actions.LeaseRemaining("node-a", lease, TimeSpan.FromSeconds(2)));
    }

    private static CommandReply Ok(string node, AgentCommand command, params ServiceStatus[] services) =>
        new() { CommandId = command.Id, Node = node, Ok = true, Services = services };

    private static ServiceStatus Running(string service, bool probeOk) =>
        new() { Name = service, State = ServiceRunState.Running, LastProbeOk = probeOk };

    private static ServiceStatus Status(string service, ServiceRunState state) => new() { Name = service, State = state };

    /// <summary>Agents whose replies the test scripts; every command sent is listed.</summary>
    private sealed class ScriptedAgents : IAgentCommandSender
    {
        private readonly ConcurrentQueue<string> _sent = new();

        public ConcurrentDictionary<string, bool> Connected { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Func<string, AgentCommand, CommandReply> Reply { get; set; } = (node, command) => CommandReply.Failure(command.Id, node, CommandErrorCode.NodeNotConnected, "unscripted");

        public List<string> Sent => [.. _sent.Where(s => !s.Contains(" Report ", StringComparison.Ordinal))];

        public AgentConnection? Find(string node) =>
            new() { Node = node, ConnectionId = Connected.GetValueOrDefault(node, true) ? "c-" + node : null };

        public Task<CommandReply> SendAsync(string node, AgentCommand command, CancellationToken cancellationToken)
        {
            _sent.Enqueue($"{node} {command.Kind} {command.ServiceName} @{command.Epoch}".Replace("  ", " ", StringComparison.Ordinal));
            return Task.FromResult(Reply(node, command));
        }
    }
}
