using System.Diagnostics;
using SharesConsole.Core.Catalog;
using SharesConsole.Core.Failover;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;
using SharesConsole.Tests.Common.Polling;

namespace SharesConsole.Data.Tests.Stores;

public abstract partial class StoreTests
{
    private OperationStore Operations => Db.Get<OperationStore>();

    private OperationPlan Plan(OperationKind kind = OperationKind.Failover) => new()
    {
        Id = Guid.NewGuid(),
        Kind = kind,
        Source = "node-a",
        Target = "node-b",
        ExpectedEpoch = 1,
        CreatedAt = Db.Time.GetUtcNow(),
        Lease = TimeSpan.FromSeconds(10),
        Steps = OperationSteps.Failover(ServiceCatalog.Default, "node-b"),
    };

    [Fact]
    public async Task TryCreateAsync_WhileAnotherIsLive_ReturnsFalseUntilItEnds()
    {
        var first = Plan();
        Assert.True(await Operations.TryCreateAsync(first, "node-a down", CancellationToken.None));
        Assert.True(await Operations.MarkRunningAsync(first.Id, CancellationToken.None));

        Assert.False(await Operations.TryCreateAsync(Plan(OperationKind.Switchover), null, CancellationToken.None));
        Assert.True(await Operations.CompleteAsync(first.Id, succeeded: true, epochAfter: 2, error: null, CancellationToken.None));
        Assert.False(await Operations.CompleteAsync(first.Id, succeeded: false, epochAfter: null, error: "late", CancellationToken.None));
        Assert.True(await Operations.TryCreateAsync(Plan(OperationKind.Drill), null, CancellationToken.None));
    }

    [Fact]
    public async Task TryCreateAsync_TwoConcurrentAttempts_ExactlyOneWins()
    {
        for (var round = 0; round < 5; round++)
        {
            var a = Plan();
            var b = Plan(OperationKind.Switchover);
            var clock = Stopwatch.StartNew();
            var results = await Task.WhenAll(
                Task.Run(() => Operations.TryCreateAsync(a, null, CancellationToken.None)),
                Task.Run(() => Operations.TryCreateAsync(b, null, CancellationToken.None))).WaitAsync($"both creates of round {round} to finish");
            Output.WriteLine($"{Db.Provider} round {round}: {string.Join('/', results)} in {clock.ElapsedMilliseconds} ms");

            Assert.Equal(1, results.Count(r => r));
            var live = await Operations.GetLiveAsync(CancellationToken.None);
            Assert.Equal(results[0] ? a.Id : b.Id, live!.Summary.Id);
            Assert.True(await Operations.CompleteAsync(live.Summary.Id, false, null, "test round over", CancellationToken.None));
        }

        Assert.Null(await Operations.GetLiveAsync(CancellationToken.None));
        Assert.Equal(5, (await Operations.ListAsync(100, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task RecordStepAsync_KnownAndUnknownNames_UpdatesInPlaceAndAppends()
    {
        var plan = Plan();
        await Operations.TryCreateAsync(plan, "drill", CancellationToken.None);
        var t0 = Db.Time.GetUtcNow();
        await Operations.RecordStepAsync(plan.Id, new StepRecord("fence", StepStatus.Running, t0, t0, "waiting"), CancellationToken.None);
        await Operations.RecordStepAsync(plan.Id, new StepRecord("fence", StepStatus.Succeeded, t0, t0.AddMilliseconds(1500), "lease expired"), CancellationToken.None);
        await Operations.RecordStepAsync(plan.Id, new StepRecord("extra check", StepStatus.Failed, t0, t0.AddSeconds(2), "boom"), CancellationToken.None);

        var stored = await Operations.GetAsync(plan.Id, CancellationToken.None);

        Assert.Equal(plan.Steps.Count + 1, stored!.Steps.Length);
        Assert.Equal(plan.Steps.Select(s => s.Name), stored.Steps.Take(plan.Steps.Count).Select(s => s.Name));
        Assert.Equal(new StoredStep(0, "fence", StepStatus.Succeeded, t0, t0.AddMilliseconds(1500), "lease expired"), stored.Steps[0]);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), stored.Steps[0].Duration);
        Assert.Equal(StepStatus.Pending, stored.Steps[1].Status);
        Assert.Equal(("extra check", plan.Steps.Count), (stored.Steps[^1].Name, stored.Steps[^1].Index));
        Assert.Equal("extra check", stored.Summary.CurrentStep);
        await Assert.ThrowsAsync<StoreConflictException>(
            () => Operations.RecordStepAsync(Guid.NewGuid(), new StepRecord("x", StepStatus.Failed, t0, t0, ""), CancellationToken.None));
    }

    [Fact]
    public async Task TryCreateAsync_TypedSteps_ReadBackByNameAsTheSameSteps()
    {
        var plan = Plan(OperationKind.Switchover) with { Steps = OperationSteps.Switchover(ServiceCatalog.Default, "node-a", "node-b") };
        await Operations.TryCreateAsync(plan, null, CancellationToken.None);

        var stored = await Operations.GetAsync(plan.Id, CancellationToken.None);

        Assert.Equal(
            plan.Steps,
            stored!.Steps.Select(s => OperationStep.TryParse(s.Name, out var step) ? step : throw new InvalidOperationException($"'{s.Name}' did not parse")));
        Assert.All(stored.Steps, s => Assert.Equal(StepStatus.Pending, s.Status));
    }

    [Fact]
    public async Task CompleteAsync_Lifecycle_RecordsTimesEpochsAndListsNewestFirst()
    {
        var first = Plan();
        await Operations.TryCreateAsync(first, "node-a down", CancellationToken.None);
        Db.Time.Advance(TimeSpan.FromSeconds(1));
        await Operations.MarkRunningAsync(first.Id, CancellationToken.None);
        Db.Time.Advance(TimeSpan.FromSeconds(4));
        await Operations.CompleteAsync(first.Id, true, 2, null, CancellationToken.None);
        Db.Time.Advance(TimeSpan.FromSeconds(60));
        var second = Plan(OperationKind.Switchover);
        await Operations.TryCreateAsync(second, null, CancellationToken.None);

        var stored = await Operations.GetAsync(first.Id, CancellationToken.None);
        var list = await Operations.ListAsync(10, CancellationToken.None);

        Assert.Equal(OperationStatus.Succeeded, stored!.Summary.Status);
        Assert.Equal((1L, 2L), (stored.EpochBefore, stored.EpochAfter!.Value));
        Assert.Equal(first.CreatedAt.AddSeconds(1), stored.StartedAt);
        Assert.Equal(TimeSpan.FromSeconds(5), stored.Summary.Duration);
        Assert.Equal("node-a down", stored.Summary.Reason);
        Assert.Equal(new[] { second.Id, first.Id }, list.Select(o => o.Id));
        Assert.Equal(first.Id, (await Operations.GetLastEndedAsync(CancellationToken.None))!.Id);
        Assert.False(await Operations.MarkRunningAsync(first.Id, CancellationToken.None));
    }
}
