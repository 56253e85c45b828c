using System.Diagnostics;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using SharesConsole.ControlPlane.Failover;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;
using SharesConsole.Tests.Common.Polling;
using Xunit.Abstractions;

namespace SharesConsole.Web.Tests.Jobs;

/// <summary>Operations run in-process: the Hangfire queue can be full and busy, a failover still starts at once.</summary>
public sealed class OperationCoordinatorTests(ITestOutputHelper output)
{
    [Fact]
    public async Task StartSwitchover_HangfireQueueFull_OperationRunsWithoutWaitingForTheQueue()
    {
        using var data = new SharesConsole.Tests.Common.Files.TempDirectory();
        await using var host = new JobTestHost(new Dictionary<string, string>
        {
            ["Hangfire:Storage"] = "Sqlite",
            ["Hangfire:SqlitePath"] = Path.Combine(data.Path, "hangfire.db"),
            ["Hangfire:WorkerCount"] = "1",
        });
        var jobs = host.Services.GetRequiredService<IBackgroundJobClient>();
        var storage = host.Services.GetRequiredService<JobStorage>();

        // A thousand two-minute jobs queue up for the only worker: a job enqueued behind them would wait for hours.
        // (Hangfire hands its shutdown token to the CancellationToken argument, so the host still stops at once.)
        for (var i = 0; i < 1000; i++)
        {
            jobs.Enqueue(() => Task.Delay(TimeSpan.FromMinutes(2), CancellationToken.None));
        }

        var engine = host.Services.GetRequiredService<FailoverEngine>();
        var trigger = Stopwatch.StartNew();
        var started = await engine.StartSwitchoverAsync("node-b", "test", CancellationToken.None);
        Assert.True(started.Ok, started.Message);
        var operations = host.Services.GetRequiredService<OperationStore>();
        var running = TimeSpan.Zero;
        await Poll.UntilAsync(
            () =>
            {
                var stored = operations.GetAsync(started.Value!.Id, CancellationToken.None).GetAwaiter().GetResult();
                running = trigger.Elapsed;
                return stored!.Summary.Status != OperationStatus.Pending;
            },
            "the operation to leave Pending (its runner started) while the Hangfire worker is busy");

        var monitoring = storage.GetMonitoringApi();
        output.WriteLine($"trigger -> operation running: {running.TotalMilliseconds:0} ms with {monitoring.EnqueuedCount("default")} Hangfire jobs queued, {monitoring.ProcessingCount()} processing");
        Assert.True(monitoring.EnqueuedCount("default") >= 999, "the queue drained, so the test proved nothing");
    }

    /// <summary>
    /// Issue #13's bar: a crash failover starts while the Hangfire SQLite storage is busy (four workers draining a
    /// stream of short jobs that a producer keeps enqueuing). Measured from the monitor's decision (the call it makes)
    /// to the first step recorded as running; the figure is printed, the assertion is that the storage was busy.
    /// </summary>
    [Fact]
    public async Task CrashFailover_HangfireStorageBusy_FirstStepStartsWithoutTheQueue()
    {
        using var data = new SharesConsole.Tests.Common.Files.TempDirectory();
        await using var host = new JobTestHost(
            new Dictionary<string, string>
            {
                ["Hangfire:Storage"] = "Sqlite",
                ["Hangfire:SqlitePath"] = Path.Combine(data.Path, "hangfire.db"),
                ["Hangfire:WorkerCount"] = "4",
            },
            recurringJobs: false);
        var jobs = host.Services.GetRequiredService<IBackgroundJobClient>();
        var monitoring = host.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        using var stop = new CancellationTokenSource();
        var producer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                jobs.Enqueue(() => Task.Delay(TimeSpan.FromMilliseconds(5), CancellationToken.None));
                await Task.Yield();
            }
        });
        await Poll.UntilAsync(() => monitoring.SucceededListCount(), n => n >= 200, "Hangfire to be busy running the stream of short jobs", TimeSpan.FromSeconds(120));
        var succeededBefore = monitoring.SucceededListCount();

        var engine = host.Services.GetRequiredService<FailoverEngine>();
        var operations = host.Services.GetRequiredService<OperationStore>();
        var trigger = DateTimeOffset.UtcNow;
        var started = await engine.StartFailoverAsync(new FailoverTrigger.Decision("node-a", "node-b", "node-a is down (test)"), CancellationToken.None);
        Assert.True(started.Ok, started.Message);
        var first = await Poll.UntilAsync(
            () => operations.GetAsync(started.Value!.Id, CancellationToken.None).GetAwaiter().GetResult()!.Steps.FirstOrDefault(s => s.StartedAt is not null),
            step => step is not null,
            "the failover's first step to start while Hangfire is busy");
        var succeededAfter = monitoring.SucceededListCount();
        await stop.CancelAsync();
        await producer;

        var delay = first!.StartedAt!.Value - trigger;
        output.WriteLine($"crash failover: decision -> first step ({first.Name}) running: {delay.TotalMilliseconds:0.0} ms; Hangfire ran {succeededAfter - succeededBefore} jobs meanwhile, {monitoring.EnqueuedCount("default")} queued");
        Assert.Equal("fence", first.Name);
        Assert.True(monitoring.EnqueuedCount("default") + (succeededAfter - succeededBefore) > 0, "Hangfire was idle, so the test proved nothing");
    }
}
