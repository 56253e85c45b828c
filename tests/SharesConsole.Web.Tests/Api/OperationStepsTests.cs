using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SharesConsole.Core.Failover;
using SharesConsole.Core.State;
using SharesConsole.Data.Stores;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Api;

[Collection(ConsoleAppCollection.Name)]
public sealed class OperationStepsTests(ConsoleAppFixture app)
{
    [Fact]
    public async Task GetSteps_RecordedOperation_ListsEachStepWithDurationAndOutcome()
    {
        var store = app.Services.GetRequiredService<OperationStore>();
        var started = DateTimeOffset.UtcNow;
        var plan = new OperationPlan
        {
            Id = Guid.NewGuid(), Kind = OperationKind.Switchover, Source = "node-a", Target = "node-b", ExpectedEpoch = 1,
            CreatedAt = started, Lease = TimeSpan.FromSeconds(10), Steps = [new StopServiceStep("group", "node-a"), new StartServiceStep("group", "node-b")],
        };
        Assert.True(await store.TryCreateAsync(plan, "steps api test", CancellationToken.None));
        try
        {
            await store.RecordStepAsync(plan.Id, new StepRecord("stop group on node-a", StepStatus.Succeeded, started, started.AddMilliseconds(1500), "stopped 4 services"), CancellationToken.None);
        }
        finally
        {
            Assert.True(await store.CompleteAsync(plan.Id, succeeded: false, epochAfter: null, error: "test over", CancellationToken.None));
        }

        using var client = await new TestCallers(app).ClientAsync(Caller.Viewer);
        var steps = await client.GetFromJsonAsync<JsonElement[]>($"/api/v1/operations/{plan.Id}/steps");

        var recorded = Assert.Single(steps!, s => s.GetProperty("status").GetString() == "Succeeded");
        Assert.Equal("stop group on node-a", recorded.GetProperty("name").GetString());
        Assert.Equal(1500, recorded.GetProperty("durationMs").GetDouble());
        Assert.Equal("stopped 4 services", recorded.GetProperty("detail").GetString());
        using var missing = await client.GetAsync($"/api/v1/operations/{Guid.NewGuid()}/steps");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
