using Microsoft.Extensions.Time.Testing;
using SharesConsole.Agent.Configuration;
using SharesConsole.Agent.DiskHeartbeat;
using SharesConsole.Agent.Tests.Support;
using SharesConsole.Core.Agents;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Tests.Common.Polling;
using SharesConsole.Tests.Common.Storage;

namespace SharesConsole.Agent.Tests.DiskHeartbeat;

/// <summary>
/// Two agents on one shared directory: the victim is cut off from the control plane (its clock, a fake, never lets its
/// lease run out), the survivor is told to fence it through the storage. Real files, real lab stand-ins holding real locks.
/// </summary>
public sealed class PoisonPillTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _victimTime = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly FakeControlPlaneLink _victimLink = new();
    private readonly FakeControlPlaneLink _survivorLink = new();
    private NodeAgent? _victim;
    private NodeAgent? _survivor;
    private FaultyFuseMount? _mount;

    private string Shared => _mount?.Path ?? _dir.Combine("shared");

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task PoisonPill_VictimCutOffButSeesTheStorage_StopsItsGroupAndTheSurvivorGetsItsConfirmation()
    {
        var victim = await StartVictimAsync();
        var survivor = await StartSurvivorAsync(withDisk: true);
        _victimLink.Reachable = false;

        var reply = await PoisonAsync(epoch: 1, timeout: TimeSpan.FromSeconds(20));

        Assert.True(reply.Ok, reply.Message);
        Assert.Contains("node-a confirmed the poison pill", reply.Message, StringComparison.Ordinal);
        Assert.False(victim.IsActiveLeaseHeld);
        Assert.Equal(["crond", "mysqld"], victim.LastFencing!.StoppedServices);
        var report = await victim.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Report, 1), CancellationToken.None);
        Assert.All(report.Services, s => Assert.Equal(ServiceRunState.Stopped, s.State));
        Assert.False(File.Exists(Path.Combine(_dir.Combine("lab"), "mysqld.owner")));
        var slot = SlotFiles.Read<DiskSlot>(SlotFiles.SlotPath(DiskDirectory, "node-a"))!;
        Assert.Equal(reply.CommandId, slot.Confirmed!.PillId);
        Assert.NotNull(survivor);
    }

    [Fact]
    public async Task PoisonPill_OnAFuseMountWithTheVictimCutOff_ConfirmedThroughTheFileSystem()
    {
        _mount = await FaultyFuseMount.MountAsync(_dir.Combine("fuse"));
        var victim = await StartVictimAsync();
        await StartSurvivorAsync(withDisk: true);
        _victimLink.Reachable = false;

        var reply = await PoisonAsync(epoch: 1, timeout: TimeSpan.FromSeconds(20));

        Assert.True(reply.Ok, $"{reply.Message}; faultyfs said: {_mount.Output}");
        Assert.Equal(["crond", "mysqld"], victim.LastFencing!.StoppedServices);
        Assert.False(victim.IsActiveLeaseHeld);
    }

    [Fact]
    public async Task PoisonPill_SharedStorageHangs_NotConfirmedTheVictimKeepsItsGroupAndBothAgentsStillAnswer()
    {
        _mount = await FaultyFuseMount.MountAsync(_dir.Combine("fuse"));
        var victim = await StartVictimAsync();
        await StartSurvivorAsync(withDisk: true);
        _victimLink.Reachable = false;
        _mount.Hang();

        var reply = await PoisonAsync(epoch: 1, timeout: TimeSpan.FromSeconds(3));

        Assert.Equal(CommandErrorCode.NotConfirmed, reply.Error);
        Assert.Contains("did not", reply.Message, StringComparison.Ordinal);
        var report = await _survivor!.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Report, 1), CancellationToken.None).WaitAsync("the survivor's report while the storage hangs");
        Assert.True(report.Ok, report.Message);
        var victimReport = await victim.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Report, 1), CancellationToken.None).WaitAsync("the victim's report while the storage hangs");
        Assert.All(victimReport.Services, s => Assert.Equal(ServiceRunState.Running, s.State));
        Assert.Null(victim.LastFencing);
    }

    [Fact]
    public async Task PoisonPill_FromAnEpochBeforeTheVictimsOwn_IgnoredAndNotConfirmed()
    {
        // A pill left from an older fence must never stop a node that has since been made active at a later epoch.
        _victimLink.Epoch = 3;
        var victim = await StartVictimAsync();
        await StartSurvivorAsync(withDisk: true);

        var reply = await PoisonAsync(epoch: 2, timeout: TimeSpan.FromSeconds(2));

        Assert.False(reply.Ok);
        Assert.Equal(CommandErrorCode.NotConfirmed, reply.Error);
        Assert.Contains("did not confirm", reply.Message, StringComparison.Ordinal);
        Assert.Null(victim.LastFencing);
        Assert.All(victim.Services.Where(s => s.Name is "mysqld" or "crond"), s => Assert.Equal(ServiceRunState.Running, s.State));
    }

    [Fact]
    public async Task PoisonPill_SurvivorWithoutDiskHeartbeat_NotConfirmedAtOnceAndSaysWhy()
    {
        await StartSurvivorAsync(withDisk: false);

        var reply = await PoisonAsync(epoch: 1, timeout: TimeSpan.FromSeconds(30));

        Assert.Equal(CommandErrorCode.NotConfirmed, reply.Error);
        Assert.Contains("has no disk heartbeat", reply.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PoisonPill_WithoutTargetNode_Malformed()
    {
        await StartSurvivorAsync(withDisk: true);

        await _survivorLink.OnCommand!(new AgentCommand { Id = "p1", Kind = AgentCommandKind.PoisonPill, Epoch = 1, TimeoutMs = 1000 });
        var reply = await Poll.UntilAsync(() => _survivorLink.Replies.FirstOrDefault(r => r.CommandId == "p1"), r => r is not null, "the reply");

        Assert.Equal(CommandErrorCode.Malformed, reply!.Error);
    }

    [Fact]
    public async Task Slot_WrittenEveryIntervalWithTheNodesEpochAndLease()
    {
        await StartVictimAsync();

        var slot = await Poll.UntilAsync(() => SlotFiles.Read<DiskSlot>(SlotFiles.SlotPath(DiskDirectory, "node-a")), s => s is { LeaseHeld: true }, "a slot saying the lease is held");
        var next = await Poll.UntilAsync(() => SlotFiles.Read<DiskSlot>(SlotFiles.SlotPath(DiskDirectory, "node-a")), s => s!.Sequence > slot!.Sequence, "the next slot write");

        Assert.Equal(("node-a", 1L, (PillConfirmation?)null), (next!.Node, next.Epoch, next.Confirmed));
    }

    private string DiskDirectory => Path.Combine(Shared, ".sharesconsole", "disk-heartbeat");

    private async Task<CommandReply> PoisonAsync(long epoch, TimeSpan timeout)
    {
        var command = AgentCommand.Create(AgentCommandKind.PoisonPill, epoch, reason: "test") with { TargetNode = "node-a", TimeoutMs = (long)timeout.TotalMilliseconds };
        await _survivorLink.OnCommand!(command);
        return (await Poll.UntilAsync(() => _survivorLink.Replies.FirstOrDefault(r => r.CommandId == command.Id), r => r is not null, "the survivor's reply", timeout + TimeSpan.FromSeconds(10)))!;
    }

    private async Task<NodeAgent> StartVictimAsync()
    {
        var address = Loopback.Agent.Address(40);
        var options = TestAgents.Options(_dir.Combine("victim"), address.ToString(), new()
        {
            ["mysqld"] = new AgentServiceOptions { Driver = ServiceDriverKind.Lab, StandIn = LabStandInKind.ActivePassive, Port = Ports.FreeTcp(address) },
            ["crond"] = new AgentServiceOptions { Driver = ServiceDriverKind.Lab, StandIn = LabStandInKind.ActivePassive },
        }, labDirectory: _dir.Combine("lab")) with
        {
            NodeName = "node-a", SharedStoragePath = Shared, Watchdog = false,
            DiskHeartbeat = new DiskHeartbeatOptions { Interval = TimeSpan.FromMilliseconds(100) },
        };
        _victim = TestAgents.Create(options, _victimLink, _victimTime);
        await _victim.StartAsync(CancellationToken.None);
        await _victim.AdvanceAsync(_victimTime, 1);
        Assert.True(_victim.IsActiveLeaseHeld);
        foreach (var service in new[] { "mysqld", "crond" })
        {
            var started = await _victim.ExecuteAsync(AgentCommand.Create(AgentCommandKind.Start, _victimLink.Epoch, service), CancellationToken.None);
            Assert.True(started.Ok, started.Message);
        }

        Assert.True(File.Exists(Path.Combine(_dir.Combine("lab"), "mysqld.owner")), "the mysqld stand-in holds its lock");
        return _victim;
    }

    private async Task<NodeAgent> StartSurvivorAsync(bool withDisk)
    {
        var options = TestAgents.Options(_dir.Combine("survivor"), Loopback.Agent.Address(41).ToString(), new()) with
        {
            NodeName = "node-b", SharedStoragePath = withDisk ? Shared : null, Watchdog = false,
            DiskHeartbeat = new DiskHeartbeatOptions { Interval = TimeSpan.FromMilliseconds(100) },
        };
        _survivor = TestAgents.Create(options, _survivorLink, TimeProvider.System);
        await _survivor.StartAsync(CancellationToken.None);
        return _survivor;
    }

    public async Task DisposeAsync()
    {
        // A hung mount is released first, so no agent stays stuck in it while it stops.
        _mount?.Heal();
        foreach (var agent in new[] { _victim, _survivor })
        {
            if (agent is not null)
            {
                await agent.DisposeAsync();
            }
        }

        if (_mount is not null)
        {
            await _mount.DisposeAsync();
        }

        _dir.Dispose();
    }
}
