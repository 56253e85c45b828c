using Bunit;
using SharesConsole.Core.State;
using SharesConsole.Tests.Common;
using SharesConsole.Web.Components.Pages;
using SharesConsole.Web.Live;

namespace SharesConsole.Web.Tests.Components.Pages;

public sealed class OperationsTests : BunitTestBase
{
    [Fact]
    public void Render_NoOperation_SaysSo()
    {
        var page = Context.Render<Operations>();

        Assert.Single(page.FindAll("[data-testid=no-operations]"));
    }

    [Fact]
    public void PublishStates_FailoverStepsThenSuccess_TimelineReadFromTheStoreAtEachStep()
    {
        var page = Context.Render<Operations>();
        var running = TestStates.Failover(OperationStatus.Running, "fence");
        var t0 = TestStates.Now;

        // The engine records each step in the store before the state says so; the page reads the store again.
        Record(running, new StepRecord("fence", t0, null));
        State.Publish(TestStates.Build(version: 2, running: running) with { At = t0 });
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=operation-steps] tbody tr")));

        Record(running, new StepRecord("fence", t0, t0.AddSeconds(2)), new StepRecord("start mysqld on node-b", t0.AddSeconds(2), null));
        State.Publish(TestStates.Build(version: 3, running: running with { CurrentStep = "start mysqld on node-b" }) with { At = t0.AddSeconds(2) });
        page.WaitForAssertion(() =>
        {
            Assert.Equal("Running", page.Find("[data-testid=operation]").GetAttribute("data-status"));
            Assert.Equal(2, page.FindAll("[data-testid=operation-steps] tbody tr").Count);
            Assert.Single(page.FindAll("[data-testid=operation-banner]"));
        });

        var done = running with { Status = OperationStatus.Succeeded, CurrentStep = null, EndedAt = t0.AddSeconds(3) };
        Record(done, new StepRecord("fence", t0, t0.AddSeconds(2)), new StepRecord("start mysqld on node-b", t0.AddSeconds(2), t0.AddSeconds(3)));
        State.Publish(TestStates.Build(version: 4, lastFailover: done) with { At = t0.AddSeconds(3) });

        page.WaitForAssertion(() =>
        {
            Assert.Equal("Succeeded", page.Find("[data-testid=operation]").GetAttribute("data-status"));
            var steps = page.FindAll("[data-testid=operation-steps] tbody tr");
            Assert.Contains("2.0 s", steps[0].TextContent, StringComparison.Ordinal);
            Assert.Contains("1.0 s", steps[1].TextContent, StringComparison.Ordinal);
            Assert.Contains("took 8.0 s", page.Find("[data-testid=operation]").TextContent, StringComparison.Ordinal);
            Assert.Empty(page.FindAll("[data-testid=operation-banner]"));
        });
    }

    [Fact]
    public void PublishState_OperationTheStoreHasNotReturnedYet_ShownWithoutSteps()
    {
        var page = Context.Render<Operations>();
        var running = TestStates.Failover(OperationStatus.Running, "fence");

        State.Publish(TestStates.Build(version: 2, running: running) with { At = TestStates.Now });

        page.WaitForAssertion(() =>
        {
            Assert.Equal("Running", page.Find("[data-testid=operation]").GetAttribute("data-status"));
            Assert.Empty(page.FindAll("[data-testid=operation-steps] tbody tr"));
        });
    }

    private void Record(OperationSummary summary, params StepRecord[] steps)
    {
        lock (OperationHistory.Stored)
        {
            OperationHistory.Stored.RemoveAll(r => r.Summary.Id == summary.Id);
            OperationHistory.Stored.Insert(0, new OperationRecord(summary, steps));
        }
    }

    [Fact]
    public void Render_StoredOperationFromBeforeRestart_ShownWithRecordedStepDurations()
    {
        var done = TestStates.Failover(OperationStatus.Succeeded, null);
        OperationHistory.Stored.Add(new OperationRecord(done,
        [
            new StepRecord("fence node-a", done.CreatedAt, done.CreatedAt.AddSeconds(2.5)),
            new StepRecord("start mysqld on node-b", done.CreatedAt.AddSeconds(2.5), done.CreatedAt.AddSeconds(4)),
        ]));

        var page = Context.Render<Operations>();

        page.WaitForAssertion(() =>
        {
            Assert.Equal("Succeeded", page.Find("[data-testid=operation]").GetAttribute("data-status"));
            var steps = page.FindAll("[data-testid=operation-steps] tbody tr");
            Assert.Equal(2, steps.Count);
            Assert.Contains("2.5 s", steps[0].TextContent, StringComparison.Ordinal);
            Assert.Contains("1.5 s", steps[1].TextContent, StringComparison.Ordinal);
        });
        Assert.Empty(page.FindAll("[data-testid=no-operations]"));
    }

    [Fact]
    public void PublishStates_LiveOperationEndsNextToStoredOne_BothListedNewestFirstAndStoreReread()
    {
        var old = TestStates.Failover(OperationStatus.Failed, null) with { CreatedAt = TestStates.Now.AddHours(-3), EndedAt = TestStates.Now.AddHours(-3).AddSeconds(9) };
        OperationHistory.Stored.Add(new OperationRecord(old, []));
        var page = Context.Render<Operations>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=operation]")));
        var readsBefore = OperationHistory.Reads;
        var running = TestStates.Failover(OperationStatus.Running, "fence node-a");

        State.Publish(TestStates.Build(version: 2, running: running) with { At = TestStates.Now });
        State.Publish(TestStates.Build(version: 3, lastFailover: running with { Status = OperationStatus.Succeeded, CurrentStep = null, EndedAt = TestStates.Now.AddSeconds(1) }) with { At = TestStates.Now.AddSeconds(1) });

        page.WaitForAssertion(() =>
        {
            var operations = page.FindAll("[data-testid=operation]");
            Assert.Equal(["Succeeded", "Failed"], operations.Select(o => o.GetAttribute("data-status") ?? ""));
            Assert.True(OperationHistory.Reads > readsBefore, "the page re-reads the store once an operation ended");
        });
    }
}
