using Microsoft.Extensions.DependencyInjection;
using SharesConsole.ControlPlane.State;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;
using SharesConsole.Tests.Common;
using SharesConsole.Web.Jobs;

namespace SharesConsole.Web.Tests.Jobs;

/// <summary>The scheduled drill in the host: registration from configuration, skips with an event, the operation it creates.</summary>
public sealed class FailoverDrillTests
{
    private static readonly Dictionary<string, string> Scheduled = new() { ["ControlPlane:Drill:Cron"] = "0 3 * * 0" };

    [Fact]
    public async Task Registrar_DrillCronSet_RegistersDrillJob()
    {
        await using var host = new JobTestHost(Scheduled);
        var jobs = await host.RecurringJobsAsync(all => all.Any(j => j.Id == FailoverDrill.JobId), "the drill job to be registered");

        Assert.Equal("0 3 * * 0", Assert.Single(jobs, j => j.Id == FailoverDrill.JobId).Cron);
    }

    [Fact]
    public async Task TryStartAsync_PassiveDown_SkippedWithEventAndNoOperation()
    {
        await using var host = new JobTestHost(Scheduled, recurringJobs: false);
        host.State.Current = TestStates.Build(down: ["node-b"]);
        var drill = host.Services.GetRequiredService<FailoverDrill>();

        var result = await drill.TryStartAsync(CancellationToken.None);

        Assert.Equal(CommandError.Conflict, result.Error);
        var skipped = Assert.Single((await host.Services.GetRequiredService<EventStore>().QueryAsync(new EventQuery { Kind = EventKinds.DrillSkipped }, CancellationToken.None)).Items);
        Assert.Equal("Scheduled failover drill skipped: the cluster is not healthy: node-b is down.", skipped.Message);
        Assert.Empty(await host.Services.GetRequiredService<OperationStore>().ListAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task TryStartAsync_OperationRunning_SkippedWithEvent()
    {
        await using var host = new JobTestHost(Scheduled, recurringJobs: false);
        host.State.Current = TestStates.Build(running: TestStates.Failover(OperationStatus.Running, "fence"));

        var result = await host.Services.GetRequiredService<FailoverDrill>().TryStartAsync(CancellationToken.None);

        Assert.Contains("one operation at a time", result.Message, StringComparison.Ordinal);
        Assert.Single((await host.Services.GetRequiredService<EventStore>().QueryAsync(new EventQuery { Kind = EventKinds.DrillSkipped }, CancellationToken.None)).Items);
    }

    [Fact]
    public async Task TryStartAsync_Healthy_RecordsDrillOperationToPassiveWithEveryStep()
    {
        // The first drill stays live (parked), so the second must be refused as "one at a time".
        await using var host = new JobTestHost(Scheduled, recurringJobs: false, parkOperations: true);
        var drill = host.Services.GetRequiredService<FailoverDrill>();

        var result = await drill.TryStartAsync(CancellationToken.None);
        var second = await drill.TryStartAsync(CancellationToken.None);

        Assert.True(result.Ok, result.Message);
        Assert.Equal((OperationKind.Drill, "node-a", "node-b"), (result.Value!.Kind, result.Value.SourceNode, result.Value.TargetNode));
        Assert.False(second.Ok);
        var stored = await host.Services.GetRequiredService<OperationStore>().GetAsync(result.Value.Id, CancellationToken.None);
        Assert.Equal(
            ["stop shares-background on node-a", "stop stats-collector on node-a", "stop crond on node-a", "stop mysqld on node-a", "confirm-stopped", "raise-epoch",
             "start mysqld on node-b", "start crond on node-b", "start stats-collector on node-b", "start shares-background on node-b"],
            stored!.Steps.OrderBy(s => s.Index).Select(s => s.Name));
    }
}
