using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SharesConsole.Core.State;
using SharesConsole.Web.Tests.Hosting;

namespace SharesConsole.Web.Tests.Api;

/// <summary>/api/v1/operations/scheduled: schedule, list, find and cancel a planned switchover; bad input names its field.</summary>
[Collection(ConsoleAppCollection.Name)]
public sealed class ScheduledSwitchoverApiTests(ConsoleAppFixture app)
{
    private static string In(TimeSpan from) => (DateTimeOffset.UtcNow + from).ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Schedule_ThenCancel_ListedUntilCancelledAndBothRecorded()
    {
        using var client = await new TestCallers(app).ClientAsync(Caller.Operator);

        var created = await client.PostAsJsonAsync("/api/v1/operations/scheduled", new { targetNode = "node-b", at = In(TimeSpan.FromHours(3)) });
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString()!;
        var listed = await client.GetFromJsonAsync<JsonElement>("/api/v1/operations/scheduled");
        var found = await client.GetAsync(created.Headers.Location);
        var cancelled = await client.DeleteAsync($"/api/v1/operations/scheduled/{id}");
        var listedAfter = await client.GetFromJsonAsync<JsonElement>("/api/v1/operations/scheduled");
        var cancelledAgain = await client.DeleteAsync($"/api/v1/operations/scheduled/{id}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(("node-b", $"/api/v1/operations/scheduled/{id}"), (body.GetProperty("targetNode").GetString(), created.Headers.Location!.ToString()));
        Assert.Contains(listed.EnumerateArray(), s => s.GetProperty("id").GetString() == id);
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, cancelled.StatusCode);
        Assert.DoesNotContain(listedAfter.EnumerateArray(), s => s.GetProperty("id").GetString() == id);
        Assert.Equal(HttpStatusCode.NotFound, cancelledAgain.StatusCode);
        var events = await client.GetFromJsonAsync<JsonElement>("/api/v1/events?limit=200");
        var kinds = events.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Contains(EventKinds.SwitchoverScheduled, kinds);
        Assert.Contains(EventKinds.SwitchoverCancelled, kinds);
    }

    [Theory]
    [InlineData("""{"targetNode":"node-b"}""", "at")]
    [InlineData("""{"at":"2030-01-01T00:00:00Z"}""", "targetNode")]
    [InlineData("""{"targetNode":"node-b","at":"2020-01-01T00:00:00Z"}""", "at")]
    [InlineData("""{"targetNode":"node-z","at":"2020-01-01T00:00:00Z"}""", "targetNode")]
    [InlineData("""{"targetNode":"node-b","at":"next tuesday"}""", "at")]
    public async Task Schedule_BadBody_400NamingTheField(string json, string field)
    {
        using var client = await new TestCallers(app).ClientAsync(Caller.Operator);

        var response = await client.PostAsync("/api/v1/operations/scheduled", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _), problem.ToString());
    }
}
