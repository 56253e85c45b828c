using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SharesConsole.Agent.Drivers.Lab;
using SharesConsole.Core.Agents;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;
using SharesConsole.Tests.Common.Files;
using SharesConsole.Tests.Common.Storage;
using Xunit.Abstractions;

namespace SharesConsole.Web.Tests.EndToEnd;

[CollectionDefinition(Name)]
public sealed class FailoverEndToEndCollection
{
    public const string Name = "failover end-to-end (separate agent processes)";
}

/// <summary>
/// Failover with the control plane in this process and node-a / node-b as real agent processes. Each scenario
/// prints its measured times; none is asserted against a threshold.
/// </summary>
[Collection(FailoverEndToEndCollection.Name)]
public sealed class FailoverEndToEndTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KillNine_ActiveAgentWithProductionWatchdog_GroupMovesToSurvivorOnce()
    {
        await using var cluster = await E2eCluster.StartAsync(0, output, productionWatchdog: true);
        var epoch = cluster.State.Topology.Epoch;
        var watchdogs = cluster.Agents["node-a"].LeaseWatchdogPids();
        Assert.Single(watchdogs);

        var crash = Stopwatch.StartNew();
        await cluster.Agents["node-a"].KillAsync();
        await cluster.WaitAsync(crash, () => cluster.Agents["node-a"].LeaseWatchdogPids().Count == 0, "node-a's lease watchdog to exit after its agent died (nothing left to fence)");
        var edge = await cluster.WaitAsync(crash, () => !cluster.EdgeRoutesTo("node-a"), "the edge to stop routing to node-a");
        var group = await cluster.WaitAsync(crash, () => cluster.GroupHealthyOn("node-b"), "the group healthy on node-b");

        cluster.Print("kill -9 active agent", ("crash -> edge stops routing", edge), ("crash -> group healthy on survivor", group));
        Assert.True(cluster.Agents["node-a"].HasExited);
        await cluster.AssertSingleOwnerAsync("node-b", epoch, OperationKind.Failover);
    }

    [Fact]
    public async Task SigStop_ActiveAgentHangs_WatchdogKillsItAndGroupMovesOnce()
    {
        await using var cluster = await E2eCluster.StartAsync(1, output);
        var epoch = cluster.State.Topology.Epoch;
        var hung = cluster.Agents["node-a"];
        try
        {
            var hang = Stopwatch.StartNew();
            await hung.FreezeAsync();
            var edge = await cluster.WaitAsync(hang, () => !cluster.EdgeRoutesTo("node-a"), "the edge to stop routing to node-a");
            var dead = await cluster.WaitAsync(hang, () => hung.HasExited, "the watchdog to kill the hung agent");
            var group = await cluster.WaitAsync(hang, () => cluster.GroupHealthyOn("node-b"), "the group healthy on node-b");

            cluster.Print("SIGSTOP active agent", ("hang -> edge stops routing", edge), ("hang -> watchdog kill", dead), ("hang -> group healthy on survivor", group));
            await cluster.AssertSingleOwnerAsync("node-b", epoch, OperationKind.Failover);
        }
        finally
        {
            await hung.ThawAsync();
        }
    }

    [Fact]
    public async Task MysqldStoppedBehindItsBack_RestartedInPlaceThenGroupFailsOverOnce()
    {
        await using var cluster = await E2eCluster.StartAsync(2, output);
        var epoch = cluster.State.Topology.Epoch;
        var chaos = LabChaos.StopFile(cluster.SharedDirectory, "node-a", "mysqld");
        Directory.CreateDirectory(Path.GetDirectoryName(chaos)!);

        var events = cluster.ControlPlane.Services.GetRequiredService<EventStore>();
        bool FailedOver() => cluster.State.RunningOperation is not null || cluster.State.Topology.ActiveNode != "node-a";

        // Each kill is followed either by a recorded in-place restart or by the failover; the next kill waits for
        // that record, so a stale "healthy" snapshot can never make the test kill a mysqld that is not running.
        int Restarts() => Task.Run(() => events.QueryAsync(new EventQuery { Kind = EventKinds.ServiceRestarted }, CancellationToken.None))
            .GetAwaiter().GetResult().Items.Count(e => e.Node == "node-a" && e.Service == "mysqld");
        var stops = 0;
        var lastStop = Stopwatch.StartNew();
        while (!FailedOver())
        {
            Assert.True(stops < 8, $"{stops} stops of mysqld and still no failover; the restart threshold is 3.");
            await File.WriteAllTextAsync(chaos, "");
            lastStop.Restart();
            stops++;
            await cluster.WaitAsync(lastStop, () => !File.Exists(chaos), "node-a's agent to kill its mysqld stand-in");
            var expected = stops;
            await cluster.WaitAsync(lastStop, () => FailedOver() || Restarts() >= expected, "mysqld restarted on node-a, or a failover");
        }

        var group = await cluster.WaitAsync(lastStop, () => cluster.GroupHealthyOn("node-b"), "the group healthy on node-b");

        cluster.Print($"mysqld stopped {stops} times on the active node", ("last stop -> group healthy on survivor", group));
        Assert.Equal(4, stops);
        var restarts = (await events.QueryAsync(new EventQuery { Kind = EventKinds.ServiceRestarted }, CancellationToken.None)).Items;
        Assert.Equal(3, restarts.Count(e => e.Node == "node-a" && e.Service == "mysqld"));
        var record = await cluster.AssertSingleOwnerAsync("node-b", epoch, OperationKind.Failover);
        Assert.Contains("confirmed it stopped", record.Steps.Single(s => s.Name == "fence").Detail, StringComparison.Ordinal);
        Assert.True(cluster.State.Find("node-a")!.AgentConnected);
    }

    [Fact]
    public async Task SharedStorageTurnsReadOnlyOnTheActive_UnfitAndGroupFailsOverOnce()
    {
        using var dir = new TempDirectory();
        await using var storage = await FaultyFuseMount.MountAsync(dir.Path);
        string[] probe = [$"--Agent:SharedStoragePath={storage.Path}", "--Agent:Storage:Interval=00:00:00.500", "--Agent:Storage:Timeout=00:00:00.500"];
        await using var cluster = await E2eCluster.StartAsync(4, output, agentArgs: new Dictionary<string, string[]> { ["node-a"] = probe });
        var epoch = cluster.State.Topology.Epoch;
        Assert.Equal(StorageStatus.Ok, cluster.State.Find("node-a")!.Storage?.Status);

        var broken = Stopwatch.StartNew();
        storage.TurnReadOnly();
        var unfit = await cluster.WaitAsync(broken, () => cluster.State.Find("node-a")!.FitForActive == false, "node-a reported unfit for active");
        var group = await cluster.WaitAsync(broken, () => cluster.GroupHealthyOn("node-b"), "the group healthy on node-b");

        cluster.Print("shared storage read-only on the active node", ("read-only -> unfit", unfit), ("read-only -> group healthy on survivor", group));
        var record = await cluster.AssertSingleOwnerAsync("node-b", epoch, OperationKind.Failover);
        Assert.Contains("node-a is unfit for active", record.Summary.Reason, StringComparison.Ordinal);
        Assert.Equal(StorageStatus.ReadOnly, cluster.State.Find("node-a")!.Storage?.Status);
        var events = cluster.ControlPlane.Services.GetRequiredService<EventStore>();
        Assert.Single((await events.QueryAsync(new EventQuery { Kind = EventKinds.StorageUnfit }, CancellationToken.None)).Items, e => e.Node == "node-a");
    }

    [Fact]
    public async Task ControlPlaneRestartsDuringFailover_ResumesFromRecordedStepOnce()
    {
        // The default lease (10 s) keeps the failover in its fence step long enough to restart the control plane there.
        await using var cluster = await E2eCluster.StartAsync(3, output);
        var epoch = cluster.State.Topology.Epoch;

        var crash = Stopwatch.StartNew();
        await cluster.Agents["node-a"].KillAsync();
        await cluster.WaitAsync(crash, () => cluster.State.RunningOperation is { Status: OperationStatus.Running, CurrentStep: "fence" }, "the failover job to be running its fence step");
        var restartAt = crash.Elapsed;
        await cluster.RestartControlPlaneAsync();
        var back = crash.Elapsed;
        var group = await cluster.WaitAsync(crash, () => cluster.GroupHealthyOn("node-b"), "the resumed failover to finish with the group healthy on node-b");

        cluster.Print("control plane restarted during failover", ("crash -> restart", restartAt), ("crash -> control plane back", back), ("crash -> group healthy on survivor", group));
        var record = await cluster.AssertSingleOwnerAsync("node-b", epoch, OperationKind.Failover);
        var events = cluster.ControlPlane.Services.GetRequiredService<EventStore>();
        var started = (await events.QueryAsync(new EventQuery { Kind = EventKinds.FailoverStarted }, CancellationToken.None)).Items;
        Assert.Contains(started, e => e.OperationId == record.Summary.Id && e.Message.Contains("resumed after a control-plane restart at step 'fence'", StringComparison.Ordinal));
    }
}
