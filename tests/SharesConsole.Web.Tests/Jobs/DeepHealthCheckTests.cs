using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SharesConsole.Core.Lab;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;
using SharesConsole.Tests.Common;
using SharesConsole.Tests.Common.Network;
using SharesConsole.Web.Jobs;
using SharesConsole.Web.Tests.Api;
using SharesConsole.Web.Tests.Webhooks;

namespace SharesConsole.Web.Tests.Jobs;

/// <summary>The deep health check as the host runs it: registered with Hangfire, events in the database and out to webhooks.</summary>
public sealed class DeepHealthCheckTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>The lab state with mysqld also running on the passive node-b.</summary>
    private static ClusterState MysqldOnBothNodes()
    {
        var healthy = TestStates.Build();
        var reports = healthy.Nodes.ToDictionary(
            n => n.Name,
            n => TestStates.Report(n.Name, n.IsActive) is var r && n.Name == "node-b"
                ? r with { Services = [.. r.Services.Select(s => s.Service == "mysqld" ? s with { State = ObservedState.Running } : s)] }
                : r);
        return ClusterStateBuilder.Build(2, TestStates.Now, healthy.Topology, LabDefaults.Catalog, reports, TestStates.AllUp, TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Registrar_Default_DeepCheckEveryTenSecondsAndNoDrill()
    {
        await using var host = new JobTestHost();
        var jobs = await host.RecurringJobsAsync(all => all.Any(j => j.Id == DeepHealthCheck.JobId), "the deep health check job to be registered");

        Assert.Equal("*/10 * * * * *", Assert.Single(jobs, j => j.Id == DeepHealthCheck.JobId).Cron);
        Assert.DoesNotContain(jobs, j => j.Id == FailoverDrill.JobId);
    }

    [Fact]
    public async Task CheckAsync_DriftPersistsThenClears_OneDetectedOneResolvedBothDeliveredToWebhook()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Loopback.Web.Address(24));
        await using var host = new JobTestHost(recurringJobs: false);
        using var admin = await new TestCallers(host).ClientAsync(Caller.Admin);
        await WebhookDeliveryTests.CreateAsync(admin, receiver.Url, [EventKinds.DriftDetected, EventKinds.DriftResolved]);
        var check = host.Services.GetRequiredService<DeepHealthCheck>();

        Assert.Empty((await check.CheckAsync(CancellationToken.None)).Detected);
        host.State.Current = MysqldOnBothNodes();
        var first = await check.CheckAsync(CancellationToken.None);
        var second = await check.CheckAsync(CancellationToken.None);
        var third = await check.CheckAsync(CancellationToken.None);
        host.State.Current = TestStates.Build();
        var cleared = await check.CheckAsync(CancellationToken.None);
        var after = await check.CheckAsync(CancellationToken.None);

        Assert.Empty(first.Detected);
        Assert.Equal("placement:mysqld@node-b", Assert.Single(second.Detected).Finding.Key);
        Assert.Empty(third.Detected);
        Assert.Equal("placement:mysqld@node-b", Assert.Single(cleared.Resolved).Finding.Key);
        Assert.Empty(after.Resolved);
        Assert.Empty(check.OpenDrifts);

        var events = host.Services.GetRequiredService<EventStore>();
        var detected = Assert.Single((await events.QueryAsync(new EventQuery { Kind = EventKinds.DriftDetected }, CancellationToken.None)).Items);
        var resolved = Assert.Single((await events.QueryAsync(new EventQuery { Kind = EventKinds.DriftResolved }, CancellationToken.None)).Items);
        Assert.Equal(("node-b", "mysqld", EventSeverity.Error), (detected.Node, detected.Service, detected.Severity));
        Assert.Contains("not the active node", detected.Message, StringComparison.Ordinal);
        Assert.StartsWith("Drift resolved after", resolved.Message, StringComparison.Ordinal);

        var kinds = new[] { await receiver.NextAsync(Wait), await receiver.NextAsync(Wait) }
            .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("kind").GetString())
            .Order(StringComparer.Ordinal);
        Assert.Equal([EventKinds.DriftDetected, EventKinds.DriftResolved], kinds);
    }

    [Fact]
    public async Task CheckAsync_OperationRunning_JudgesNothing()
    {
        await using var host = new JobTestHost(new Dictionary<string, string> { ["ControlPlane:DeepCheck:Confirmations"] = "1" }, recurringJobs: false);
        var check = host.Services.GetRequiredService<DeepHealthCheck>();
        host.State.Current = MysqldOnBothNodes() with { RunningOperation = TestStates.Failover(OperationStatus.Running, "fence") };

        var during = await check.CheckAsync(CancellationToken.None);
        host.State.Current = MysqldOnBothNodes();
        var afterwards = await check.CheckAsync(CancellationToken.None);

        Assert.Same(Core.Drift.DriftChanges.None, during);
        Assert.Single(afterwards.Detected);
    }
}
