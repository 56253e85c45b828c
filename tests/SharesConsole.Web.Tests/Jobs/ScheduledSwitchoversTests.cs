using Microsoft.Extensions.DependencyInjection;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;
using SharesConsole.Tests.Common;
using SharesConsole.Tests.Common.Polling;
using SharesConsole.Web.Jobs;

namespace SharesConsole.Web.Tests.Jobs;

/// <summary>A scheduled switchover in the host: when due it becomes an operation, or a skip event when the cluster refuses.</summary>
public sealed class ScheduledSwitchoversTests
{
    [Fact]
    public async Task Due_HealthyCluster_StartsASwitchoverToTheTarget()
    {
        await using var host = new JobTestHost(recurringJobs: false);
        var scheduled = host.Services.GetRequiredService<ScheduledSwitchovers>();

        var result = await scheduled.ScheduleAsync("node-b", DateTimeOffset.UtcNow.AddSeconds(2), "operator-1", CancellationToken.None);
        Assert.True(result.Ok, result.Message);
        Assert.Equal(result.Value!.Id, Assert.Single(scheduled.List()).Id);
        var operations = host.Services.GetRequiredService<OperationStore>();
        var started = await Poll.UntilAsync(
            () => operations.ListAsync(10, CancellationToken.None),
            list => list.Any(o => o.Kind == OperationKind.Switchover),
            "the scheduled switchover to start when due");

        var operation = Assert.Single(started, o => o.Kind == OperationKind.Switchover);
        Assert.Equal("node-b", operation.TargetNode);
        Assert.Contains("operator-1 (scheduled)", operation.Reason, StringComparison.Ordinal);
        Assert.Empty(scheduled.List());
    }

    [Fact]
    public async Task Due_TargetDown_SkippedWithAnEventAndNoOperation()
    {
        await using var host = new JobTestHost(recurringJobs: false);
        var scheduled = host.Services.GetRequiredService<ScheduledSwitchovers>();
        var result = await scheduled.ScheduleAsync("node-b", DateTimeOffset.UtcNow.AddSeconds(2), "operator-1", CancellationToken.None);
        Assert.True(result.Ok, result.Message);
        host.State.Current = TestStates.Build(down: ["node-b"]);

        var events = host.Services.GetRequiredService<EventStore>();
        var skipped = await Poll.UntilAsync(
            () => events.QueryAsync(new EventQuery { Kind = EventKinds.SwitchoverSkipped }, CancellationToken.None),
            page => page.Items.Count > 0,
            "the due switchover to be skipped with an event");

        Assert.Contains("node-b", Assert.Single(skipped.Items).Message, StringComparison.Ordinal);
        Assert.Empty(await host.Services.GetRequiredService<OperationStore>().ListAsync(10, CancellationToken.None));
    }
}
