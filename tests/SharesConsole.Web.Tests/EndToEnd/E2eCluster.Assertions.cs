using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SharesConsole.Core.Failover;
using SharesConsole.Core.Lab;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;

namespace SharesConsole.Web.Tests.EndToEnd;

public sealed partial class E2eCluster
{
    /// <summary>
    /// After a scenario: exactly <paramref name="owner"/> runs the group (lab lock files and agent reports agree),
    /// the epoch moved forward exactly once (topology, database, the owner's agent, the one operation), and that
    /// operation's record lists every planned step, each succeeded with its duration.
    /// </summary>
    public async Task<StoredOperation> AssertSingleOwnerAsync(string owner, long epochBefore, OperationKind kind)
    {
        var state = State;
        Assert.Equal(owner, state.Topology.ActiveNode);
        Assert.Equal(epochBefore + 1, state.Topology.Epoch);
        var stored = await ControlPlane.Services.GetRequiredService<ClusterRepository>().LoadAsync(CancellationToken.None);
        Assert.Equal((owner, epochBefore + 1), (stored!.Topology.ActiveNode, stored.Topology.Epoch));
        await WaitAsync(Stopwatch.StartNew(), () => State.Find(owner)!.AgentEpoch == epochBefore + 1, $"{owner}'s agent to report epoch {epochBefore + 1}");

        foreach (var service in Group)
        {
            Assert.Equal(owner, (await File.ReadAllTextAsync(Path.Combine(SharedDirectory, service + ".owner"))).Trim());
            Assert.True(IsLockHeld(service), $"{service}.lock is not held by any process although {owner} reports {service} running.");
        }

        // A dead node's last report still lists what ran before it died; only live agents' reports count, and the
        // old active's next heartbeat may trail the survivor's by a beat.
        await WaitAsync(Stopwatch.StartNew(), () => GroupRunningOnlyOn(owner), $"live agents to report the group on {owner} only", capSeconds: 30);
        foreach (var node in State.Nodes.Where(n => n.AgentConnected))
        {
            var running = Group.Where(s => node.StateOf(s) == ObservedState.Running).ToList();
            Assert.True(node.Name == owner ? running.Count == Group.Count : running.Count == 0, $"{node.Name} reports the group services [{string.Join(", ", running)}] running; only {owner} may.");
        }

        var operations = ControlPlane.Services.GetRequiredService<OperationStore>();
        var ended = await operations.ListAsync(50, CancellationToken.None);
        var succeeded = Assert.Single(ended, o => o.Status == OperationStatus.Succeeded);
        Assert.Equal((kind, owner), (succeeded.Kind, succeeded.TargetNode));
        var record = (await operations.GetAsync(succeeded.Id, CancellationToken.None))!;
        Assert.Equal((epochBefore, epochBefore + 1), (record.EpochBefore, record.EpochAfter));
        var planned = kind == OperationKind.Failover
            ? OperationSteps.Failover(LabDefaults.Catalog, owner)
            : OperationSteps.Switchover(LabDefaults.Catalog, record.Summary.SourceNode!, owner);
        Assert.Equal(planned.Select(s => s.Name), record.Steps.OrderBy(s => s.Index).Select(s => s.Name));
        Assert.All(record.Steps, s => Assert.True(s.Status == StepStatus.Succeeded && s.Duration is not null, $"step '{s.Name}' is {s.Status}: {s.Detail}"));
        foreach (var step in record.Steps.OrderBy(s => s.Index))
        {
            _output.WriteLine($"  step {step.Name}: {step.Duration!.Value.TotalMilliseconds:0} ms - {step.Detail}");
        }

        return record;
    }

    private bool GroupRunningOnlyOn(string owner) => State.Nodes.Where(n => n.AgentConnected).All(n =>
        Group.Count(s => n.StateOf(s) == ObservedState.Running) == (n.Name == owner ? Group.Count : 0));

    /// <summary>
    /// True when another process holds the lab lock (flock); if nobody does, the probe takes and drops it at once.
    /// A missing lock file fails the assertion outright: no stand-in ever ran there, so nothing can hold it.
    /// </summary>
    private bool IsLockHeld(string service)
    {
        var path = Path.Combine(SharedDirectory, service + ".lock");
        Assert.True(File.Exists(path), $"{path} does not exist: no {service} stand-in ever took its lock.");
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            // .NET takes an exclusive flock for FileShare.None: a sharing violation means another process holds it.
            return true;
        }
    }
}
